package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvalidationPlannerTest {

    static Stream<Arguments> plans() {
        return Stream.of(
                row("nothing changed", 15, List.of(), List.of()),
                row("a file", 15, List.of("/a.css"), List.of("/a.css")),
                row("duplicates", 15, List.of("/a.css", "/a.css"), List.of("/a.css")),
                row("the root index also means /", 15, List.of("/index.html"), List.of("/", "/index.html")),
                row("a directory index also means its directory", 15, List.of("/docs/index.html"),
                        List.of("/docs/", "/docs/index.html")),
                row("only index.html itself", 15, List.of("/docs/myindex.html"), List.of("/docs/myindex.html")),
                row("exactly maxPaths stay files", 3, List.of("/a", "/b", "/c"), List.of("/a", "/b", "/c")),
                row("a busy directory becomes one wildcard", 15,
                        concat(files("/assets/a", 20), List.of("/index.html")),
                        List.of("/", "/assets/*", "/index.html")),
                row("a directory's own path goes with its wildcard", 15,
                        concat(files("/docs/p", 20), List.of("/docs/index.html")),
                        List.of("/docs/*")),
                row("files spread over the root need /*", 15, files("/p", 16), List.of("/*")),
                row("the deepest directory that helps", 15,
                        concat(files("/docs/api/c", 26), List.of("/docs/guide/x.html")),
                        List.of("/docs/api/*", "/docs/guide/x.html")),
                row("a collapse that turned out unnecessary is undone", 15,
                        concat(List.of("/a/b/1.html", "/a/b/2.html"), files("/c/", 20)),
                        List.of("/a/b/1.html", "/a/b/2.html", "/c/*")),
                row("busiest first within a depth", 15,
                        concat(List.of("/a/x/1", "/a/x/2"), files("/a/y/", 15)),
                        List.of("/a/x/1", "/a/x/2", "/a/y/*")),
                row("siblings that only fit together", 15, nested(16), List.of("/x/*")),
                row("maxPaths 1 takes the common directory", 1, List.of("/docs/a", "/docs/b/c"), List.of("/docs/*")),
                row("a given wildcard covers what is below it", 15,
                        List.of("/docs/*", "/docs/a.html", "/docs/b/c.html", "/x.html"), List.of("/docs/*", "/x.html")),
                row("/* covers everything", 15, List.of("/a", "/*", "/b/c"), List.of("/*")),
                row("more than 15 wildcards collapse even under maxPaths", 100,
                        IntStream.range(0, 16).mapToObj(i -> "/a/d" + i + "/*").toList(), List.of("/a/*")),
                row("prefix wildcards count as wildcards", 100,
                        IntStream.range(0, 16).mapToObj(i -> "/d" + i + "*").toList(), List.of("/*")),
                row("15 wildcards are allowed", 100,
                        IntStream.range(0, 15).mapToObj(i -> "/d" + i + "/*").toList(),
                        IntStream.range(0, 15).mapToObj(i -> "/d" + i + "/*").sorted().toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void collapsesChangedPathsIntoAtMostMaxPaths(String name, int maxPaths, List<String> changed, List<String> expected) {
        assertEquals(expected, new InvalidationPlanner(maxPaths).plan(changed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"docs/a.html", "/do*cs/a.html", "/**", ""})
    void rejectsWhatIsNotAnInvalidationPath(String path) {
        assertThrows(IllegalArgumentException.class, () -> new InvalidationPlanner(15).plan(List.of(path)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3001})
    void maxPathsStaysWithinCloudFrontsLimits(int maxPaths) {
        assertThrows(IllegalArgumentException.class, () -> new InvalidationPlanner(maxPaths));
    }

    private static Arguments row(String name, int maxPaths, List<String> changed, List<String> expected) {
        return Arguments.of(name, maxPaths, changed, expected);
    }

    private static List<String> files(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i + ".js").toList();
    }

    private static List<String> nested(int directories) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < directories; i++) {
            paths.add("/x/d" + i + "/e/1.html");
            paths.add("/x/d" + i + "/e/2.html");
        }
        return paths;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
