package dev.edgesite.core.aws;

import dev.edgesite.core.Log;
import dev.edgesite.core.SettingsValidator;
import dev.edgesite.core.StackSettings;
import dev.edgesite.core.sync.SiteSync;
import dev.edgesite.core.sync.SyncOptions;
import dev.edgesite.core.sync.SyncResult;
import java.nio.file.Path;

/**
 * A sync in a JVM of its own, set up as a goal sets it up ({@link AwsClients#forStack}) for a stack with no
 * {@code <endpoint>}: where its calls go is left to the environment. Arguments: bucket, site directory.
 * Prints the uploaded keys.
 */
public final class SyncFromTheEnvironment {
    private SyncFromTheEnvironment() {}

    public static void main(String[] args) throws Exception {
        StackSettings settings = new SettingsValidator().stack("env-test").bucket(args[0]).validate();
        try (AwsClients aws = AwsClients.forStack(settings)) {
            SyncResult result = new SiteSync(new S3Site(aws, args[0]), Log.NONE).sync(Path.of(args[1]),
                    SyncOptions.defaults());
            System.out.println("UPLOADED " + String.join(",", result.uploaded()));
        }
    }
}
