package dev.edgesite.core.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgesite.core.settings.InvalidSettingException;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.TestStacks;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.UserPools;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import dev.edgesite.testbed.RecordingLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;

/** invite against moto: a verified user Cognito emails, their groups, and a second invite that changes nothing. */
@ExtendWith(MotoExtension.class)
class InviterTest {
    @TempDir
    Path site;
    private final RecordingLog log = new RecordingLog();

    @Test
    void createsAVerifiedUserInTheirGroupsAndHasCognitoEmailThem(MotoServer moto) {
        Requests requests = new Requests();
        try (AwsClients aws = moto.clients(Region.US_WEST_2, requests)) {
            String pool = new UserPools(aws.cognito()).createPool("team", false).id();
            aws.cognito().createGroup(r -> r.userPoolId(pool).groupName("staff"));

            Invitation invitation = inviter(TestStacks.settings("team", null, null, site), aws)
                    .invite(Invitee.of(" jane@example.com ", List.of("staff", " editors", "")));

            assertEquals(new Invitation("jane@example.com", true, "FORCE_CHANGE_PASSWORD", List.of("editors"),
                    List.of("staff", "editors"), List.of(), false), invitation);
            var user = aws.cognito().adminGetUser(r -> r.userPoolId(pool).username("jane@example.com"));
            assertEquals(Map.of("email", "jane@example.com", "email_verified", "true"), user.userAttributes().stream()
                    .filter(a -> a.name().startsWith("email"))
                    .collect(Collectors.toMap(AttributeType::name, AttributeType::value)));
            assertEquals(List.of("editors", "staff"), aws.cognito().adminListGroupsForUser(r -> r.userPoolId(pool)
                    .username(user.username())).groups().stream().map(g -> g.groupName()).sorted().toList());
            AdminCreateUserRequest sent = requests.of(AdminCreateUserRequest.class).get(0);
            assertEquals(List.of(DeliveryMediumType.EMAIL), sent.desiredDeliveryMediums());
            assertEquals(null, sent.messageAction(), "Cognito sends the invitation");
            assertTrue(log.contains("Invited jane@example.com"), log.text());
        }
    }

    @Test
    void anExistingUserIsReportedAndOnlyJoinsTheGroupsTheyAreNotIn(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            String pool = new UserPools(aws.cognito()).createPool("team", false).id();
            Inviter inviter = inviter(TestStacks.settings("team", null, null, site), aws);
            inviter.invite(Invitee.of("jane@example.com", List.of("staff")));

            Invitation again = inviter.invite(Invitee.of("jane@example.com", List.of("staff", "editors")));

            assertFalse(again.created());
            assertEquals("FORCE_CHANGE_PASSWORD", again.status());
            assertEquals(List.of("editors"), again.groupsJoined());
            assertEquals(List.of("staff"), again.groupsAlready());
            assertEquals(1, aws.cognito().listUsers(r -> r.userPoolId(pool)).users().size());
            assertTrue(log.contains("jane@example.com already has an account in edgesite-team (FORCE_CHANGE_PASSWORD)"),
                    log.text());
        }
    }

    @Test
    void warnsWhenTheSiteWouldTurnTheUserAway(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            new UserPools(aws.cognito()).createPool("team", false);
            StackSettings settings = TestStacks.settings("team", null, null, site, new StackSettings.Auth(null, false,
                    List.of("staff"), List.of("example.com"), List.of(), false));

            inviter(settings, aws).invite(Invitee.of("bob@example.org", List.of("guests")));

            assertTrue(log.contains("WARN bob@example.org is outside <allowedEmailDomains> [example.com]"), log.text());
            assertTrue(log.contains("WARN bob@example.org is in none of <allowedGroups> [staff]"), log.text());
        }
    }

    @Test
    void aStackWithoutUserPoolIsReported(MotoServer moto) {
        try (AwsClients aws = moto.clients(Region.US_WEST_2)) {
            PoolNotFoundException e = assertThrows(PoolNotFoundException.class,
                    () -> inviter(TestStacks.settings("nothing", null, null, site), aws)
                            .invite(Invitee.of("jane@example.com", List.of())));

            assertTrue(e.getMessage().contains("no user pool edgesite-nothing in us-west-2"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "jane", "jane@", "@example.com", "jane@example", "ja ne@example.com",
            "jane@@example.com", "jane@example..com"})
    void aBadEmailIsRefusedNamingTheParameter(String email) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Invitee.of(email, List.of()));

        assertEquals("email", e.element());
        assertTrue(e.getMessage().contains("-Dedgesite.email=jane@example.com"), e.getMessage());
    }

    @Test
    void aBadGroupIsRefusedNamingTheParameter() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Invitee.of("jane@example.com", List.of("two words")));

        assertEquals("groups", e.element());
        assertEquals("two words", e.value());
    }

    private Inviter inviter(StackSettings settings, AwsClients aws) {
        return new Inviter(settings, aws, log, false);
    }

    /** Keeps every request as the SDK built it, before it goes on the wire. */
    private static final class Requests implements ExecutionInterceptor {
        private final List<SdkRequest> sent = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            sent.add(context.request());
        }

        <T extends SdkRequest> List<T> of(Class<T> type) {
            return sent.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
