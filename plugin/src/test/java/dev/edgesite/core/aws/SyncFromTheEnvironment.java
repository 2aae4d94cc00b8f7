package dev.edgesite.core.aws;

import dev.edgesite.core.Log;
import dev.edgesite.core.settings.SettingsValidator;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.sync.SiteSync;
import dev.edgesite.core.sync.SyncFailedException;
import dev.edgesite.core.sync.SyncOptions;
import dev.edgesite.core.sync.SyncResult;
import java.nio.file.Path;

/**
 * A sync in a JVM of its own, set up as a goal sets it up ({@link AwsClients#forStack}) for a stack with no
 * {@code <endpoint>} unless a third argument names one: the rest (where its calls go, through which proxy) is
 * left to the environment. Arguments: bucket, site directory [, endpoint]. Prints the uploaded keys, or what
 * failed.
 */
public final class SyncFromTheEnvironment {
    private SyncFromTheEnvironment() {}

    public static void main(String[] args) throws Exception {
        SettingsValidator stack = new SettingsValidator().stack("env-test").bucket(args[0]);
        if (args.length > 2) {
            stack.endpoint(args[2]);
        }
        StackSettings settings = stack.validate();
        try (AwsClients aws = AwsClients.forStack(settings)) {
            SyncResult result = new SiteSync(new S3Site(aws, args[0]), Log.NONE).sync(Path.of(args[1]),
                    SyncOptions.defaults());
            System.out.println("UPLOADED " + String.join(",", result.uploaded()));
        } catch (SyncFailedException e) {
            System.out.println("FAILED " + e.getMessage().replace('\n', ' '));
        }
    }
}
