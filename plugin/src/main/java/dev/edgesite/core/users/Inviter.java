package dev.edgesite.core.users;

import dev.edgesite.core.Log;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.UserPools;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

/**
 * Creates users in the stack's pool: Cognito emails each new user a temporary password. Missing
 * groups are made first, so the user is in them before they can sign in. An existing user is
 * reported and only added to the groups they are not in yet. A dry run reads the same and says what invite
 * would do: whether it would create the user, which groups it would make and add them to; it writes nothing.
 */
public final class Inviter {
    private final StackSettings settings;
    private final UserPools pools;
    private final Log log;
    private final boolean dryRun;

    /** @param dryRun only read, and say what invite would do */
    public Inviter(StackSettings settings, AwsClients aws, Log log, boolean dryRun) {
        this.settings = settings;
        this.pools = new UserPools(aws.cognito());
        this.log = log;
        this.dryRun = dryRun;
    }

    public Invitation invite(Invitee invitee) {
        String poolName = UserPools.poolName(settings.stack());
        UserPoolType pool = pools.findPool(settings.stack()).orElseThrow(() ->
                new PoolNotFoundException(settings.stack(), poolName, settings.region().id()));
        List<String> created = new ArrayList<>();
        for (String group : invitee.groups()) {
            if (!pools.groupExists(pool.id(), group)) {
                if (!dryRun) {
                    pools.createGroup(pool.id(), group);
                }
                created.add(group);
                log.info((dryRun ? "Would create group " : "Created group ") + group + " in " + poolName);
            }
        }
        Optional<UserType> made = dryRun ? Optional.empty() : pools.createUser(pool.id(), invitee.email());
        // an existing user: the real run learns it from the create's refusal, a dry run by looking
        Optional<AdminGetUserResponse> existing = made.isPresent() ? Optional.empty()
                : dryRun ? pools.findUser(pool.id(), invitee.email())
                : Optional.of(pools.user(pool.id(), invitee.email()));
        String username;
        String status;
        List<String> already;
        if (existing.isPresent()) {
            username = existing.get().username();
            status = existing.get().userStatusAsString();
            already = pools.groupsOf(pool.id(), username);
            log.info(invitee.email() + " already has an account in " + poolName + " (" + status + "); no invitation "
                    + (dryRun ? "would be" : "was") + " sent");
        } else if (made.isPresent()) {
            username = made.get().username();
            status = made.get().userStatusAsString();
            already = List.of();
            log.info("Invited " + invitee.email() + " to " + poolName + ": Cognito emails them a temporary password");
        } else {
            username = invitee.email();
            status = null;
            already = List.of();
            log.info("Would invite " + invitee.email() + " to " + poolName
                    + ": Cognito would email them a temporary password");
        }
        List<String> joined = invitee.groups().stream().filter(g -> !already.contains(g)).toList();
        for (String group : joined) {
            if (dryRun) {
                log.info("Would add " + invitee.email() + " to group " + group);
            } else {
                pools.addToGroup(pool.id(), username, group);
                log.info("Added " + invitee.email() + " to group " + group);
            }
        }
        Invitation invitation = new Invitation(invitee.email(), existing.isEmpty(), status, created, joined,
                invitee.groups().stream().filter(already::contains).toList(), dryRun);
        warnIfShutOut(invitee, already, joined);
        return invitation;
    }

    /** The authorizer's rules may still keep the user out; say so rather than let them find out. */
    private void warnIfShutOut(Invitee invitee, List<String> already, List<String> joined) {
        List<String> domains = settings.auth().allowedEmailDomains();
        if (!domains.isEmpty() && !domains.contains(invitee.domain())) {
            log.warn(invitee.email() + " is outside <allowedEmailDomains> " + domains + ": the site turns them away");
        }
        List<String> allowed = settings.auth().allowedGroups();
        List<String> groups = new ArrayList<>(already);
        groups.addAll(joined);
        if (!allowed.isEmpty() && groups.stream().noneMatch(allowed::contains)) {
            log.warn(invitee.email() + " is in none of <allowedGroups> " + allowed
                    + ": the site turns them away until they are (add -Dedgesite.groups=...)");
        }
    }
}
