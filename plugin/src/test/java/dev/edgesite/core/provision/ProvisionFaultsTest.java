package dev.edgesite.core.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgesite.core.authorizer.AuthorizerBundle;
import dev.edgesite.core.Log;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.testbed.MotoExtension;
import dev.edgesite.testbed.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;

/**
 * provision stopped by a failure at each of its writes, before the request went out (a dropped
 * connection) or after AWS carried it out (the answer lost), then run again: the stack converges
 * with exactly one of each resource, and a plan afterwards has nothing left to do. Creates AWS does not
 * make idempotent are not stopped at all: a look-up adopts what the failed call made, or it is created again.
 */
@ExtendWith(MotoExtension.class)
class ProvisionFaultsTest {
    private static final Provisioner.Limits FAST = new Provisioner.Limits(Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofSeconds(5));
    private static final List<String> WRITES = List.of("CreateBucket", "PutPublicAccessBlock", "RequestCertificate",
            "ChangeResourceRecordSets", "CreateUserPool", "CreateUserPoolClient", "CreateUserPoolDomain", "CreateRole",
            "AttachRolePolicy", "PutObject", "CreateFunction", "CreateOriginAccessControl", "CreateDistributionWithTags",
            "UpdateUserPoolClient", "PutBucketPolicy");

    /**
     * Creates that a failed call does not stop: the resource is looked up and adopted, or created again when the
     * look-up finds nothing, within the same run.
     */
    private static final List<String> LOOKED_UP = List.of("CreateUserPool", "CreateUserPoolClient",
            "CreateUserPoolDomain", "CreateRole", "CreateFunction", "CreateOriginAccessControl",
            "CreateDistributionWithTags");

    enum When { BEFORE_SENDING, AFTER_AWS_DID_IT }

    @TempDir
    Path site;

    static Stream<Arguments> faults() {
        return WRITES.stream().flatMap(op -> Stream.of(Arguments.of(op, When.BEFORE_SENDING),
                Arguments.of(op, When.AFTER_AWS_DID_IT)));
    }

    @ParameterizedTest(name = "{0} fails {1}")
    @MethodSource("faults")
    void aRerunConvergesWithoutDuplicates(String operation, When when, MotoServer moto) throws IOException {
        Files.writeString(site.resolve("index.html"), "<h1>home</h1>");
        StackSettings settings = new StackSettings("faults", Region.US_WEST_2, null, "example.com", "docs", List.of(),
                site, false, "faults-authorizer", null, null, null, "PriceClass_100",
                new StackSettings.Auth(null, false, List.of(), List.of(), List.of(), false));
        FailOnce fault = new FailOnce(operation, when);
        try (AwsClients aws = moto.clients(Region.US_WEST_2, fault)) {
            aws.route53().createHostedZone(r -> r.name("example.com").callerReference("z"));

            if (LOOKED_UP.contains(operation)) {
                provisioner(settings, aws).provision();
                ProvisionerTest.assertExactlyOneOfEach(aws, provisioner(settings, aws).provision());
            } else {
                assertThrows(SdkClientException.class, () -> provisioner(settings, aws).provision());
            }
            assertEquals(1, fault.failures, operation + " was never called");

            StackOutputs out = provisioner(settings, aws).provision();

            ProvisionerTest.assertExactlyOneOfEach(aws, out);
            Map<String, List<String>> left = provisioner(settings, aws).plan().changes().stream()
                    .filter(Change::writes).collect(Collectors.toMap(Change::resource, Change::fields));
            assertEquals(Map.of("CloudFront distribution", List.of("origin access control", "authorizer version")),
                    left, "only what moto cannot read back (DEVIATIONS.md)");
        }
    }

    private static Provisioner provisioner(StackSettings settings, AwsClients aws) {
        return new Provisioner(settings, aws, Log.NONE, FAST, AuthorizerBundle.shipped());
    }

    /** Fails the first call of one operation: before it is sent, or once its answer has arrived. */
    private static final class FailOnce implements ExecutionInterceptor {
        private final String operation;
        private final When when;
        int failures;

        FailOnce(String operation, When when) {
            this.operation = operation;
            this.when = when;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            failIf(When.BEFORE_SENDING, attributes);
        }

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            failIf(When.AFTER_AWS_DID_IT, attributes);
        }

        private void failIf(When point, ExecutionAttributes attributes) {
            if (when == point && failures == 0
                    && operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                failures++;
                throw SdkClientException.create("connection reset (test fault " + when + ")");
            }
        }
    }
}
