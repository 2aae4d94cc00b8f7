package dev.edgesite.core.users;

import dev.edgesite.testbed.RecordingLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.TestStacks;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.UserPools;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/**
 * invite's dry run against moto: it reads the pool, its groups and the user, says what invite would do, and moto
 * receives no write call from it (counted where the calls arrive, {@link MotoServer#writes()}).
 */
@ExtendWith(MotoExtension.class)
class InviterDryRunTest {
    @TempDir
    Path site;
    private final RecordingLog log = new RecordingLog();

    @Test
    void aNewUserIsWhatItWouldCreateInTheGroupsItWouldMake(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            String pool = new UserPools(aws.cognito()).createPool("team", false).id();
            aws.cognito().createGroup(r -> r.userPoolId(pool).groupName("staff"));
            moto.clearCalls();

            Invitation invitation = inviter(TestStacks.settings("team", null, null, site), aws)
                    .invite(Invitee.of("jane@example.com", List.of("staff", "editors")));

            assertEquals(List.of(), moto.writes(), "no write call in " + moto.calls());
            assertEquals(new Invitation("jane@example.com", true, null, List.of("editors"), List.of("staff", "editors"),
                    List.of(), true), invitation);
            assertEquals(List.of(), aws.cognito().listUsers(r -> r.userPoolId(pool)).users());
            assertEquals(List.of("staff"), aws.cognito().listGroups(r -> r.userPoolId(pool)).groups().stream()
                    .map(g -> g.groupName()).toList());
            assertTrue(log.contains("Would create group editors in edgesite-team"), log.lines().toString());
            assertTrue(log.contains("Would invite jane@example.com to edgesite-team: Cognito would email them"),
                    log.lines().toString());
            assertTrue(log.contains("Would add jane@example.com to group staff"), log.lines().toString());
            assertTrue(log.contains("Would add jane@example.com to group editors"), log.lines().toString());
        }
    }

    @Test
    void anExistingUserIsReportedWithTheGroupsTheyWouldJoin(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            String pool = new UserPools(aws.cognito()).createPool("team", false).id();
            StackSettings settings = TestStacks.settings("team", null, null, site, new StackSettings.Auth(null, false,
                    List.of("admins"), List.of(), List.of(), false));
            new Inviter(settings, aws, log, false).invite(Invitee.of("jane@example.com", List.of("staff")));
            moto.clearCalls();

            Invitation again = inviter(settings, aws).invite(Invitee.of("jane@example.com", List.of("staff", "editors")));

            assertEquals(List.of(), moto.writes(), "no write call in " + moto.calls());
            assertEquals(new Invitation("jane@example.com", false, "FORCE_CHANGE_PASSWORD", List.of("editors"),
                    List.of("editors"), List.of("staff"), true), again);
            assertEquals(List.of("staff"), aws.cognito().adminListGroupsForUser(r -> r.userPoolId(pool)
                    .username("jane@example.com")).groups().stream().map(g -> g.groupName()).toList());
            assertTrue(log.contains("jane@example.com already has an account in edgesite-team (FORCE_CHANGE_PASSWORD); no"
                    + " invitation would be sent"), log.lines().toString());
            assertTrue(log.contains("WARN jane@example.com is in none of <allowedGroups> [admins]"), log.lines().toString());
        }
    }

    @Test
    void aStackWithoutUserPoolIsReportedAsByTheRealInvite(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            PoolNotFoundException e = assertThrows(PoolNotFoundException.class,
                    () -> inviter(TestStacks.settings("nothing", null, null, site), aws)
                            .invite(Invitee.of("jane@example.com", List.of("staff"))));

            assertTrue(e.getMessage().contains("Run mvn edgesite:provision first"), e.getMessage());
            assertEquals(List.of(), moto.writes());
        }
    }

    private Inviter inviter(StackSettings settings, AwsClients aws) {
        return new Inviter(settings, aws, log, true);
    }
}
