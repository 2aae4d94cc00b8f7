package dev.edgesite.core.settings;

import java.util.List;

/**
 * Who may read the pages a path glob covers: the first rule whose path matches a request decides, and no
 * rule matching leaves the decision to {@code allowedGroups}.
 *
 * @param path a glob from the site's root, as in {@code publicPaths}: {@code /finance/*}
 * @param groups Cognito groups or provider groups, any of which lets a user read those pages
 */
public record AccessRule(String path, List<String> groups) {
    public AccessRule {
        groups = List.copyOf(groups);
    }
}
