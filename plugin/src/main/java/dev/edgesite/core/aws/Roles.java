package dev.edgesite.core.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * IAM: the role the authorizer runs as, assumable by Lambda and Lambda@Edge, allowed nothing but
 * writing its own logs (Lambda@Edge writes them in every region that serves, under
 * {@code /aws/lambda/us-east-1.<function>}).
 */
public final class Roles {
    static final String TRUST_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":[\"lambda.amazonaws.com\",\"edgelambda.amazonaws.com\"]},"
            + "\"Action\":\"sts:AssumeRole\"}]}";
    static final String LOG_POLICY_NAME = "edgesite-authorizer-logs";

    private final IamClient iam;

    public Roles(IamClient iam) {
        this.iam = iam;
    }

    public static String roleName(String stack) {
        return "edgesite-" + stack + "-authorizer";
    }

    public Optional<Role> find(String name) {
        try {
            return Optional.of(iam.getRole(r -> r.roleName(name)).role());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    /** The inline policy: the function's own log groups, in any region, in this account. */
    public static String logPolicy(String account, String functionName) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":[\"logs:CreateLogGroup\",\"logs:CreateLogStream\",\"logs:PutLogEvents\"],"
                + "\"Resource\":[\"arn:aws:logs:*:" + account + ":log-group:/aws/lambda/us-east-1." + functionName + ":*\","
                + "\"arn:aws:logs:*:" + account + ":log-group:/aws/lambda/" + functionName + ":*\"]}]}";
    }

    public Role create(String name, String stack, String logPolicy) {
        Role role = iam.createRole(r -> r.roleName(name)
                .description("Runs the edgesite authorizer of stack " + stack + " at CloudFront's edge")
                .assumeRolePolicyDocument(TRUST_POLICY)
                .tags(t -> t.key(Tags.STACK).value(stack))).role();
        iam.putRolePolicy(r -> r.roleName(name).policyName(LOG_POLICY_NAME).policyDocument(logPolicy));
        return role;
    }

    public List<String> drift(Role role, String logPolicy) {
        List<String> fields = new ArrayList<>();
        String trust = URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8);
        if (!Documents.same(trust, TRUST_POLICY)) {
            fields.add("trust policy");
        }
        if (!Documents.same(inlinePolicy(role.roleName()), logPolicy)) {
            fields.add("log permissions");
        }
        return fields;
    }

    private String inlinePolicy(String roleName) {
        try {
            return URLDecoder.decode(iam.getRolePolicy(r -> r.roleName(roleName).policyName(LOG_POLICY_NAME))
                    .policyDocument(), StandardCharsets.UTF_8);
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    public void repair(Role role, List<String> fields, String logPolicy) {
        if (fields.contains("trust policy")) {
            iam.updateAssumeRolePolicy(r -> r.roleName(role.roleName()).policyDocument(TRUST_POLICY));
        }
        if (fields.contains("log permissions")) {
            iam.putRolePolicy(r -> r.roleName(role.roleName()).policyName(LOG_POLICY_NAME).policyDocument(logPolicy));
        }
    }

    /** The stack named by the role's {@code edgesite:stack} tag, or null when it has none. */
    public static String stackTag(Role role) {
        return role.tags().stream().filter(t -> Tags.STACK.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }

    /** Deletes the role once its inline policies are deleted and managed ones detached, as IAM requires. */
    public void delete(String name) {
        for (String policy : iam.listRolePoliciesPaginator(r -> r.roleName(name)).policyNames()) {
            iam.deleteRolePolicy(r -> r.roleName(name).policyName(policy));
        }
        for (AttachedPolicy attached : iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name))
                .attachedPolicies()) {
            iam.detachRolePolicy(r -> r.roleName(name).policyArn(attached.policyArn()));
        }
        iam.deleteRole(r -> r.roleName(name));
    }
}
