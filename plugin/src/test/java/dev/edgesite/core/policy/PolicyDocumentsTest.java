package dev.edgesite.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.TestStacks;
import dev.edgesite.core.aws.Roles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two documents as a security review reads them. moto judges actions, resources and the conditions the
 * test bed gives it values for (PolicyEnforcementTest); what no emulator judges (the implied actions such
 * as iam:PassRole, and that nothing here can raise a principal's rights) is held here, statement by statement.
 */
class PolicyDocumentsTest {
    private static final String ACCOUNT = "123456789012";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/edgesite-docs-authorizer";
    private static final Pattern READ = Pattern.compile(".*:(Get|List|Describe|AdminGet|AdminList)[A-Za-z]*");

    /** Offline (nothing looked up) and as printed for a stack whose distribution exists. */
    static Stream<Target> targets() {
        StackSettings withDomain = TestStacks.settings("docs", "example.com", "docs", Path.of("site"));
        StackSettings plain = TestStacks.settings("docs", null, null, Path.of("site"));
        return Stream.of(new Target(withDomain, ACCOUNT, null, null), new Target(withDomain, ACCOUNT, "Z123", "E2ABC"),
                new Target(plain, ACCOUNT, null, null));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void theProvisionPolicyCannotRaiseAnyonesRights(Target target) throws Exception {
        List<Map<String, Object>> statements = statements(DeployerPolicy.Kind.PROVISION, target);
        Set<String> actions = actions(statements);

        for (String forbidden : List.of("iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:CreatePolicyVersion",
                "iam:SetDefaultPolicyVersion", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
                "iam:CreatePolicy", "iam:UpdateRole", "iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:AttachUserPolicy",
                "iam:AttachGroupPolicy", "iam:CreateAccessKey", "iam:CreateUser", "iam:CreateLoginProfile",
                "iam:AddUserToGroup", "sts:AssumeRole")) {
            assertFalse(actions.contains(forbidden), forbidden);
        }
        assertTrue(actions.stream().noneMatch(a -> a.contains("*")), "no wildcard action: " + actions);
        assertTrue(actions.stream().noneMatch(a -> a.matches("iam:.*(User|Group|AccessKey|LoginProfile|MFA).*")), actions.toString());
        for (Map<String, Object> s : statements) {
            List<String> statementActions = strings(s.get("Action"));
            List<String> resources = strings(s.get("Resource"));
            Map<?, ?> condition = (Map<?, ?>) s.getOrDefault("Condition", Map.of());
            for (String action : statementActions) {
                if (action.equals("iam:CreateServiceLinkedRole")) {
                    assertTrue(resources.stream().allMatch(r -> r.contains(":role/aws-service-role/")), resources.toString());
                    assertTrue(condition.toString().contains("iam:AWSServiceName"), condition.toString());
                } else if (action.startsWith("iam:")) {
                    assertEquals(List.of(ROLE_ARN), resources, action);
                }
            }
            if (statementActions.contains("iam:CreateRole")) {
                assertEquals(List.of("iam:CreateRole"), statementActions);
                assertEquals(Roles.EXECUTION_POLICY_ARN, ((Map<?, ?>) condition.get("StringEquals")).get("iam:PermissionsBoundary"));
            }
            if (statementActions.contains("iam:AttachRolePolicy")) {
                assertEquals(List.of("iam:AttachRolePolicy"), statementActions);
                assertEquals(Map.of("ArnEquals", Map.of("iam:PolicyARN", Roles.EXECUTION_POLICY_ARN)), condition);
            }
            if (statementActions.contains("iam:PassRole")) {
                assertEquals(List.of("iam:PassRole"), statementActions);
                assertEquals(Map.of("StringEquals", Map.of("iam:PassedToService", "lambda.amazonaws.com")), condition);
            }
            if (statementActions.contains("iam:TagRole")) {
                assertEquals(List.of("edgesite:stack"), ((Map<?, ?>) condition.get("ForAllValues:StringEquals")).get("aws:TagKeys"));
            }
            if (statementActions.stream().anyMatch(a -> a.startsWith("lambda:"))) {
                assertTrue(resources.stream().allMatch(r -> r.startsWith(
                        "arn:aws:lambda:us-east-1:123456789012:function:docs-authorizer")), resources.toString());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void userPoolAndDistributionWritesStayOnTheStacksOwn(Target target) throws Exception {
        for (Map<String, Object> s : statements(DeployerPolicy.Kind.PROVISION, target)) {
            List<String> resources = strings(s.get("Resource"));
            String condition = String.valueOf(s.get("Condition"));
            for (String action : strings(s.get("Action"))) {
                boolean write = !READ.matcher(action).matches();
                if (action.startsWith("cognito-idp:") && write && !action.equals("cognito-idp:CreateUserPool")) {
                    assertTrue(condition.contains("aws:ResourceTag/edgesite:stack=docs"), action + " " + condition);
                }
                if (action.equals("cognito-idp:CreateUserPool")) {
                    assertTrue(condition.contains("aws:RequestTag/edgesite:stack=docs"), condition);
                }
                if (action.startsWith("cloudfront:") && write && !action.contains("OriginAccessControl")
                        && !action.equals("cloudfront:CreateDistribution")) {
                    boolean byArn = target.distributionId() != null && resources.equals(List.of(
                            "arn:aws:cloudfront::123456789012:distribution/" + target.distributionId()));
                    boolean byTag = condition.contains("Tag/edgesite:stack=docs");
                    assertTrue(byArn || byTag, action + " on " + resources + " if " + condition);
                }
                if (action.equals("acm:DeleteCertificate") || action.equals("acm:AddTagsToCertificate")) {
                    assertTrue(condition.contains("Tag/edgesite:stack=docs"), action + " " + condition);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void thePublishPolicyOnlyPublishes(Target target) throws Exception {
        List<Map<String, Object>> statements = statements(DeployerPolicy.Kind.PUBLISH, target);

        assertEquals(new TreeSet<>(List.of("cloudfront:CreateInvalidation", "cloudfront:GetDistributionConfig",
                "cloudfront:GetInvalidation", "cloudfront:ListDistributions", "s3:AbortMultipartUpload",
                "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:GetObject", "s3:ListBucket", "s3:PutObject")),
                actions(statements));
        for (Map<String, Object> s : statements) {
            List<String> resources = strings(s.get("Resource"));
            List<String> actions = strings(s.get("Action"));
            if (actions.contains("cloudfront:CreateInvalidation")) {
                assertEquals(target.distributionId() == null ? Map.of("StringEquals",
                        Map.of("aws:ResourceTag/edgesite:stack", "docs")) : null, s.get("Condition"));
            }
            if (actions.stream().anyMatch(a -> a.startsWith("s3:"))) {
                assertTrue(resources.equals(List.of("arn:aws:s3:::edgesite-docs-123456789012"))
                        || resources.equals(List.of("arn:aws:s3:::edgesite-docs-123456789012/*")), resources.toString());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void aKnownDistributionIsNamedByArnAndNoOtherMayBeTagged(Target target) throws Exception {
        Map<String, Map<String, Object>> byAction = new java.util.LinkedHashMap<>();
        statements(DeployerPolicy.Kind.PROVISION, target).forEach(s -> strings(s.get("Action")).forEach(a -> byAction.put(a, s)));
        Map<String, Object> distribution = byAction.get("cloudfront:UpdateDistribution");

        if (target.distributionId() == null) {
            assertEquals(List.of("arn:aws:cloudfront::123456789012:distribution/*"), distribution.get("Resource"));
        } else {
            assertEquals(List.of("arn:aws:cloudfront::123456789012:distribution/E2ABC"), distribution.get("Resource"));
            assertFalse(distribution.containsKey("Condition"));
        }
        Map<?, ?> tagging = (Map<?, ?>) byAction.get("cloudfront:TagResource").get("Condition");
        assertEquals(Map.of("aws:RequestTag/edgesite:stack", "docs"), tagging.get("StringEquals"));
        assertEquals(Map.of("aws:TagKeys", List.of("edgesite:stack")), tagging.get("ForAllValues:StringEquals"));
    }

    private static List<Map<String, Object>> statements(DeployerPolicy.Kind kind, Target target) throws Exception {
        DeployerPolicy policy = kind == DeployerPolicy.Kind.PUBLISH ? publish(target) : provision(target);
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object s : (List<?>) JSONObjectUtils.parse(policy.toJson()).get("Statement")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> statement = (Map<String, Object>) s;
            assertEquals("Allow", statement.get("Effect"));
            statements.add(statement);
        }
        return statements;
    }

    private static DeployerPolicy provision(Target target) {
        return DeployerPolicy.of(DeployerPolicy.Kind.PROVISION, target);
    }

    private static DeployerPolicy publish(Target target) {
        return DeployerPolicy.of(DeployerPolicy.Kind.PUBLISH, target);
    }

    private static Set<String> actions(List<Map<String, Object>> statements) {
        Set<String> all = new TreeSet<>();
        statements.forEach(s -> all.addAll(strings(s.get("Action"))));
        return all;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
    }
}
