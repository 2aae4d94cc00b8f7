package dev.edgesite.core.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The paths to invalidate for a set of changed URL paths.
 *
 * <p>An {@code index.html} also stands for its directory ({@code /docs/index.html} adds
 * {@code /docs/}). Above {@code maxPaths}, or above CloudFront's 15 wildcards, directories are
 * collapsed into wildcards ({@code /docs/*}), deepest first and the busiest first within a depth,
 * until the paths fit; then each collapse that turned out unnecessary is undone. {@code /*} is what
 * remains when nothing narrower fits.
 */
public final class InvalidationPlanner {
    /** CloudFront's limit on file paths in invalidations in progress at once. */
    public static final int MAX_FILE_PATHS = 3000;
    /** CloudFront's limit on wildcard paths in invalidations in progress at once. */
    public static final int MAX_WILDCARDS = 15;
    public static final int DEFAULT_MAX_PATHS = 15;

    private static final String INDEX = "index.html";

    private final int maxPaths;

    public InvalidationPlanner(int maxPaths) {
        if (maxPaths < 1 || maxPaths > MAX_FILE_PATHS) {
            throw new IllegalArgumentException("maxPaths must be between 1 and " + MAX_FILE_PATHS + ": " + maxPaths);
        }
        this.maxPaths = maxPaths;
    }

    /** Paths start with {@code /} and may end with a {@code *} wildcard; anything else is an IllegalArgumentException. */
    public List<String> plan(Collection<String> paths) {
        Node root = new Node(null, "/");
        for (String path : paths) {
            check(path);
            root.add(path);
            if (path.endsWith("/" + INDEX)) {
                root.add(path.substring(0, path.length() - INDEX.length()));
            }
        }
        relax(root, collapse(root));
        List<String> planned = new ArrayList<>();
        root.collect(planned);
        planned.sort(null);
        return planned;
    }

    private List<Node> collapse(Node root) {
        List<Node> nodes = new ArrayList<>();
        root.gather(nodes);
        int deepest = nodes.stream().mapToInt(n -> n.depth).max().orElse(0);
        List<Node> collapsed = new ArrayList<>();
        for (int depth = deepest; depth >= 0 && !fits(root); depth--) {
            int d = depth;
            List<Node> level = new ArrayList<>(nodes.stream().filter(n -> n.depth == d).toList());
            level.sort(Comparator.comparingInt(Node::entries).reversed().thenComparing(n -> n.path));
            for (Node node : level) {
                if (fits(root)) {
                    break;
                }
                if (!node.collapsed && helps(node, root)) {
                    node.collapsed = true;
                    collapsed.add(node);
                }
            }
        }
        return collapsed;
    }

    private void relax(Node root, List<Node> collapsed) {
        for (int i = collapsed.size() - 1; i >= 0; i--) {
            Node node = collapsed.get(i);
            if (!node.underCollapsed()) {
                node.collapsed = false;
                if (!fits(root)) {
                    node.collapsed = true;
                }
            }
        }
    }

    private boolean fits(Node root) {
        return root.entries() <= maxPaths && root.wildcards() <= MAX_WILDCARDS;
    }

    private boolean helps(Node node, Node root) {
        return (root.entries() > maxPaths && node.entries() >= 2)
                || (root.wildcards() > MAX_WILDCARDS && node.wildcards() >= 2);
    }

    /** Whether CloudFront takes the path: it starts with {@code /} and has no {@code *} but at its end. */
    public static boolean isValid(String path) {
        int star = path.indexOf('*');
        return path.startsWith("/") && (star < 0 || star == path.length() - 1);
    }

    private static void check(String path) {
        if (!isValid(path)) {
            throw new IllegalArgumentException(
                    "an invalidation path starts with / and may only end with a * wildcard: " + path);
        }
    }

    private static final class Node {
        final Node parent;
        final String path;
        final int depth;
        final Map<String, Node> children = new TreeMap<>();
        final Set<String> leaves = new TreeSet<>();
        boolean collapsed;

        Node(Node parent, String path) {
            this.parent = parent;
            this.path = path;
            this.depth = parent == null ? 0 : parent.depth + 1;
        }

        void add(String target) {
            String rest = target.substring(path.length());
            int slash = rest.indexOf('/');
            if (rest.equals("*")) {
                collapsed = true;
            } else if (slash < 0) {
                leaves.add(target);
            } else {
                String name = rest.substring(0, slash);
                children.computeIfAbsent(name, n -> new Node(this, path + n + "/")).add(target);
            }
        }

        int entries() {
            return collapsed ? 1 : leaves.size() + children.values().stream().mapToInt(Node::entries).sum();
        }

        int wildcards() {
            if (collapsed) {
                return 1;
            }
            return (int) leaves.stream().filter(l -> l.endsWith("*")).count()
                    + children.values().stream().mapToInt(Node::wildcards).sum();
        }

        boolean underCollapsed() {
            for (Node n = parent; n != null; n = n.parent) {
                if (n.collapsed) {
                    return true;
                }
            }
            return false;
        }

        void gather(List<Node> into) {
            into.add(this);
            children.values().forEach(c -> c.gather(into));
        }

        void collect(List<String> into) {
            if (collapsed) {
                into.add(path + "*");
            } else {
                into.addAll(leaves);
                children.values().forEach(c -> c.collect(into));
            }
        }
    }
}
