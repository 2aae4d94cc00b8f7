package dev.edgesite.maven;

import dev.edgesite.core.Log;
import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.users.Invitee;
import dev.edgesite.core.users.Inviter;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Invites a person to sign in to the site: creates a user with their email address in the stack's user
 * pool, and Cognito emails them a temporary password. Someone who already has an account is reported,
 * not invited twice.
 */
@Mojo(name = "invite", threadSafe = true, requiresProject = true)
public final class InviteMojo extends StackMojo {
    /** The email address to invite; it is also the user's sign-in name. */
    @Parameter(property = "edgesite.email")
    private String email;

    /** Cognito groups to put the user in, made when missing. As a property, separate them with commas. */
    @Parameter(property = "edgesite.groups")
    private List<String> groups;

    /**
     * The site's access rules; invite reads only {@code allowedGroups} and {@code allowedEmailDomains}
     * ({@code edgesite.auth.allowedGroups}, {@code edgesite.auth.allowedEmailDomains}), to warn when the person
     * invited would not be let in.
     */
    @Parameter
    private Blocks.Auth auth;

    /** Says whom invite would create and which groups it would make or add them to; nothing is written to AWS. */
    @Parameter(property = "edgesite.dryRun", defaultValue = "false")
    private boolean dryRun;

    @Override
    protected void configure(SettingsValidator validator) {
        super.configure(validator);
        admissionRules(auth, validator);
    }

    @Override
    protected void run(Log log) throws Exception {
        StackSettings settings = settings();
        Invitee invitee = Invitee.of(email, groups);
        try (AwsClients aws = AwsClients.forStack(settings)) {
            new Inviter(settings, aws, log, dryRun).invite(invitee);
            if (dryRun) {
                log.info("Dry run, nothing was changed in AWS");
            }
        }
    }
}
