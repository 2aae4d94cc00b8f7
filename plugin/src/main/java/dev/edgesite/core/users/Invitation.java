package dev.edgesite.core.users;

import java.util.List;

/**
 * What invite did, or for a dry run would do.
 *
 * @param created whether the user is new (Cognito emails them a temporary password) or already existed
 * @param status the user's Cognito status, such as {@code FORCE_CHANGE_PASSWORD} or {@code CONFIRMED}; null for
 *        a user a dry run would create
 * @param groupsCreated groups that did not exist and were made
 * @param groupsJoined groups the user was added to
 * @param groupsAlready groups the user was in before
 * @param dryRun nothing was written: the fields say what invite would do
 */
public record Invitation(String email, boolean created, String status, List<String> groupsCreated,
        List<String> groupsJoined, List<String> groupsAlready, boolean dryRun) {
    public Invitation {
        groupsCreated = List.copyOf(groupsCreated);
        groupsJoined = List.copyOf(groupsJoined);
        groupsAlready = List.copyOf(groupsAlready);
    }
}
