package dev.edgesite.core.sync;

import dev.edgesite.core.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * The files of a site directory as object keys.
 *
 * <p>Hidden names (starting with a dot: {@code .DS_Store}, {@code .git/}, {@code .edgesite/}) are
 * not published, except {@code .well-known/}. Symbolic links are followed only while they stay
 * inside the site directory. A name that cannot become a reachable key (a control character, a
 * backslash, an undecodable byte, more than 1,024 bytes) refuses the whole sync rather than publish
 * a site with a hole in it.
 */
final class SiteScanner {
    private static final String WELL_KNOWN = ".well-known";
    private static final int MAX_KEY_BYTES = 1024;

    private final Log log;

    SiteScanner(Log log) {
        this.log = log;
    }

    List<SiteFile> scan(Path directory, boolean indexExample) throws SyncRefusedException, IOException {
        if (!Files.exists(directory)) {
            throw new SiteDirectoryException(directory, SiteDirectoryException.Problem.MISSING);
        }
        if (!Files.isDirectory(directory)) {
            throw new SiteDirectoryException(directory, SiteDirectoryException.Problem.NOT_A_DIRECTORY);
        }
        Walk walk = new Walk(directory.toRealPath());
        Files.walkFileTree(walk.root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, walk);
        if (!walk.problems.isEmpty()) {
            throw new InvalidFileNamesException(walk.problems);
        }
        if (walk.files.isEmpty()) {
            throw new SiteDirectoryException(directory, SiteDirectoryException.Problem.EMPTY);
        }
        if (walk.hidden > 0) {
            log.info("Skipped " + walk.hidden + " hidden file(s) or folder(s) in " + directory);
        }
        if (indexExample && walk.files.stream().noneMatch(f -> f.key().equals(IndexExample.KEY))) {
            log.info("The site has no " + IndexExample.KEY + ": publishing the example page as " + IndexExample.KEY);
            walk.files.add(IndexExample.file());
        }
        walk.files.sort(Comparator.comparing(SiteFile::key));
        return walk.files;
    }

    static String keyProblem(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return "longer than " + MAX_KEY_BYTES + " bytes";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                return "has a control character";
            }
            if (c == '\\') {
                return "has a backslash, which browsers turn into /";
            }
            if (c == '\uFFFD') {
                return "has bytes that are not UTF-8";
            }
        }
        return null;
    }

    private final class Walk extends SimpleFileVisitor<Path> {
        final Path root;
        final List<SiteFile> files = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        int hidden;

        Walk(Path root) {
            this.root = root;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (dir.equals(root)) {
                return FileVisitResult.CONTINUE;
            }
            String name = dir.getFileName().toString();
            if (name.startsWith(".") && !name.equals(WELL_KNOWN)) {
                hidden++;
                return FileVisitResult.SKIP_SUBTREE;
            }
            return escapes(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (file.getFileName().toString().startsWith(".")) {
                hidden++;
            } else if (!attrs.isRegularFile()) {
                log.debug("Skipped " + file + ": not a regular file");
            } else if (!escapes(file)) {
                add(file, attrs);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof FileSystemLoopException) {
                log.warn("Skipped " + file + ": a link loop");
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }

        private void add(Path file, BasicFileAttributes attrs) {
            List<String> names = new ArrayList<>();
            root.relativize(file).forEach(name -> names.add(name.toString()));
            String key = String.join("/", names);
            String problem = keyProblem(key);
            if (problem == null) {
                Instant modified = attrs.lastModifiedTime().toInstant();
                files.add(new SiteFile(key, attrs.size(), ContentSource.of(file),
                        modified.getEpochSecond() * 1_000_000_000L + modified.getNano(),
                        attrs.fileKey() == null ? null : attrs.fileKey().toString()));
            } else {
                problems.add(key.replaceAll("\\p{Cntrl}", "?") + " " + problem);
            }
        }

        private boolean escapes(Path path) throws IOException {
            if (Files.isSymbolicLink(path) && !path.toRealPath().startsWith(root)) {
                log.warn("Skipped " + path + ": a link out of the site directory");
                return true;
            }
            return false;
        }
    }
}
