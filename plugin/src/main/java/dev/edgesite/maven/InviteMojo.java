package dev.edgesite.maven;

import dev.edgesite.core.settings.InvalidSettingException;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.users.Invitee;
import dev.edgesite.core.users.Inviter;
import dev.edgesite.core.users.PoolNotFoundException;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Invites a person to sign in to the site: creates a user with their email address in the stack's user
 * pool, and Cognito emails them a temporary password. Someone who already has an account is reported,
 * not invited twice.
 */
@Mojo(name = "invite", threadSafe = true, requiresProject = true)
public final class InviteMojo extends AbstractEdgesiteMojo {
    /** The email address to invite; it is also the user's sign-in name. */
    @Parameter(property = "edgesite.email")
    private String email;

    /** Cognito groups to put the user in, made when missing. As a property, separate them with commas. */
    @Parameter(property = "edgesite.groups")
    private List<String> groups;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped()) {
            return;
        }
        StackSettings settings = settings();
        try {
            Invitee invitee = Invitee.of(email, groups);
            try (AwsClients aws = AwsClients.forStack(settings)) {
                new Inviter(settings, aws, coreLog()).invite(invitee);
            }
        } catch (InvalidSettingException e) {
            throw Advice.invalidSetting(e);
        } catch (PoolNotFoundException e) {
            throw Advice.notProvisioned(e);
        } catch (SdkException e) {
            throw Advice.awsFailure(e, settings);
        }
    }
}
