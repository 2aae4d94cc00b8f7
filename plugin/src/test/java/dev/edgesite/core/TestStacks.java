package dev.edgesite.core;

import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.provision.Provisioner;
import dev.edgesite.core.provision.StackOutputs;
import dev.edgesite.core.settings.StackSettings;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.regions.Region;

/** Stacks for tests that need one provisioned on moto first. */
public final class TestStacks {
    private TestStacks() {}

    /** Settings in us-west-2 with the default names; {@code domain} and {@code service} may be null. */
    public static StackSettings settings(String stack, String domain, String service, Path site) {
        return settings(stack, domain, service, site, new StackSettings.Auth(null, false, List.of(), List.of(),
                List.of(), false));
    }

    public static StackSettings settings(String stack, String domain, String service, Path site,
            StackSettings.Auth auth) {
        return new StackSettings(stack, Region.US_WEST_2, null, domain, service, List.of(), site, false,
                stack + "-authorizer", null, null, null, "PriceClass_100", auth);
    }

    /** Provisions as the goal does (moto deploys and issues at once, so AWS's time limits never bite). */
    public static StackOutputs provision(StackSettings settings, AwsClients aws) {
        return new Provisioner(settings, aws, Log.NONE).provision();
    }
}
