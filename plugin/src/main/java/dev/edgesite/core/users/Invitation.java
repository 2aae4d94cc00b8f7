package dev.edgesite.core.users;

import java.util.List;

/**
 * What invite did.
 *
 * @param created whether the user is new (Cognito emails them a temporary password) or already existed
 * @param status the user's Cognito status, such as {@code FORCE_CHANGE_PASSWORD} or {@code CONFIRMED}
 * @param groupsCreated groups that did not exist and were made
 * @param groupsJoined groups the user was added to
 * @param groupsAlready groups the user was in before
 */
public record Invitation(String email, boolean created, String status, List<String> groupsCreated,
        List<String> groupsJoined, List<String> groupsAlready) {
    public Invitation {
        groupsCreated = List.copyOf(groupsCreated);
        groupsJoined = List.copyOf(groupsJoined);
        groupsAlready = List.copyOf(groupsAlready);
    }
}
