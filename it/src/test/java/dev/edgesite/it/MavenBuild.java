package dev.edgesite.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.maven.it.VerificationException;
import org.apache.maven.it.Verifier;

/**
 * A real Maven build of one of the projects under {@code src/test/projects}, copied to a fresh
 * folder, with this build's plugin (installed into {@code target/local-repo}).
 */
final class MavenBuild {
    private final Path dir;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private int runs;

    private MavenBuild(Path dir) {
        this.dir = dir;
    }

    /** A fresh copy of the project, its {@code @edgesite.version@} replaced by the version under test. */
    static MavenBuild of(String project) {
        Path source = Paths.get("src/test/projects", project).toAbsolutePath();
        Path work = Paths.get(System.getProperty("edgesite.it.work", "target/it-projects")).toAbsolutePath();
        Path target;
        try (Stream<Path> files = Files.walk(source)) {
            target = Files.createTempDirectory(Files.createDirectories(work), project + "-");
            for (Path from : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else if (from.getFileName().toString().equals("pom.xml")) {
                    Files.writeString(to, Files.readString(from).replace("@edgesite.version@",
                            System.getProperty("edgesite.version")));
                } else {
                    Files.copy(from, to);
                }
            }
            Files.writeString(target.resolve("settings.xml"), settings(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MavenBuild(target);
    }

    MavenBuild property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    /** The next runs without this property. */
    MavenBuild without(String name) {
        properties.remove(name);
        return this;
    }

    MavenBuild env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    Path dir() {
        return dir;
    }

    /** Runs the goals in batch mode; the result holds whether the build succeeded and its log. */
    Result run(String... goals) {
        String logName = "build-" + (++runs) + ".log";
        try {
            Verifier verifier = new Verifier(dir.toString(), dir.resolve("settings.xml").toString(), false, true);
            verifier.setLocalRepo(System.getProperty("edgesite.it.localRepo"));
            verifier.setAutoclean(false);
            verifier.setLogFileName(logName);
            verifier.setCliOptions(new ArrayList<>(List.of("-B", "-s", dir.resolve("settings.xml").toString())));
            properties.forEach(verifier::setSystemProperty);
            verifier.setEnvironmentVariables(environment);
            boolean success;
            try {
                verifier.executeGoals(List.of(goals));
                success = true;
            } catch (VerificationException e) {
                success = false;
            } finally {
                verifier.resetStreams();
            }
            return new Result(success, Files.readString(dir.resolve(logName)));
        } catch (VerificationException | IOException e) {
            throw new IllegalStateException("could not run Maven in " + dir + ": " + e.getMessage(), e);
        }
    }

    record Result(boolean success, String log) {
        List<String> lines() {
            return log.lines().toList();
        }
    }

    /** Artifacts the outer build already has are read from its local repository, not downloaded again. */
    private static String settings() {
        String outer = Paths.get(System.getProperty("edgesite.it.outerRepo")).toUri().toString();
        return """
                <settings>
                  <profiles>
                    <profile>
                      <id>outer-repository</id>
                      <activation><activeByDefault>true</activeByDefault></activation>
                      <repositories>
                        <repository><id>outer</id><url>%1$s</url></repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository><id>outer</id><url>%1$s</url></pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                </settings>
                """.formatted(outer);
    }
}
