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
 * IAM: the role the authorizer runs as, assumable by Lambda and Lambda@Edge. Its only rights are AWS's
 * managed {@code AWSLambdaBasicExecutionRole} (writing its own logs), attached, and the same policy as its
 * permissions boundary, so whatever else is ever attached to it, it can do no more.
 *
 * <p>The shape is chosen so that whoever provisions needs no right that could raise the role: no inline
 * policy writes, no trust-policy writes, only this one managed policy attached (see the provision policy).
 * A role of an older shape (an inline log policy) is migrated: the managed policy is attached, then the
 * inline policy deleted. A changed trust policy is not rewritten: {@link TrustPolicyChangedException}.
 */
public final class Roles {
    /** AWS's managed policy for a function's logs: the role's only grant and its permissions boundary. */
    public static final String EXECUTION_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    static final String TRUST_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":[\"lambda.amazonaws.com\",\"edgelambda.amazonaws.com\"]},"
            + "\"Action\":\"sts:AssumeRole\"}]}";
    static final String TRUST_FIELD = "trust policy";
    static final String INLINE_FIELD = "inline policies";
    static final String MANAGED_FIELD = "managed policies";

    private final IamClient iam;

    public Roles(IamClient iam) {
        this.iam = iam;
    }

    public static String roleName(String stack) {
        return "edgesite-" + stack + "-authorizer";
    }

    /** The trust policy the role must have: Lambda and Lambda@Edge may assume it, nobody else. */
    public static String trustPolicy() {
        return TRUST_POLICY;
    }

    public Optional<Role> find(String name) {
        try {
            return Optional.of(iam.getRole(r -> r.roleName(name)).role());
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    /**
     * Creates the role, or adopts the one of that name that a create whose answer was lost made (CreateRole is
     * not idempotent: sent again, it fails with EntityAlreadyExists), then attaches the execution policy.
     */
    public Role create(String name, String stack) {
        Role role = Creates.createOrAdopt(() -> iam.createRole(r -> r.roleName(name)
                .description("Runs the edgesite authorizer of stack " + stack + " at CloudFront's edge")
                .assumeRolePolicyDocument(TRUST_POLICY)
                .permissionsBoundary(EXECUTION_POLICY_ARN)
                .tags(t -> t.key(Tags.STACK).value(stack))
                .overrideConfiguration(Creates.RETRY_THROTTLING_ONLY)).role(),
                () -> find(name), Creates.code("EntityAlreadyExists"));
        iam.attachRolePolicy(r -> r.roleName(name).policyArn(EXECUTION_POLICY_ARN));
        return role;
    }

    /**
     * What differs from the role's shape: its trust policy, inline policies (an older edgesite wrote one;
     * any is more than the role needs), managed policies other than exactly the execution policy.
     */
    public List<String> drift(Role role) {
        List<String> fields = new ArrayList<>();
        if (!trustCurrent(role)) {
            fields.add(TRUST_FIELD);
        }
        if (!inlinePolicies(role.roleName()).isEmpty()) {
            fields.add(INLINE_FIELD);
        }
        if (!attachedPolicies(role.roleName()).equals(List.of(EXECUTION_POLICY_ARN))) {
            fields.add(MANAGED_FIELD);
        }
        return fields;
    }

    public static boolean trustCurrent(Role role) {
        return Documents.same(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8), TRUST_POLICY);
    }

    /**
     * Brings the role to its shape with rights that cannot raise it: the execution policy is attached first,
     * so the function never runs without its logs, then other managed policies are detached and inline
     * policies deleted. A changed trust policy is refused, not rewritten.
     */
    public void repair(Role role, List<String> fields) {
        if (fields.contains(TRUST_FIELD)) {
            throw new TrustPolicyChangedException(role.roleName());
        }
        String name = role.roleName();
        if (fields.contains(MANAGED_FIELD)) {
            List<String> attached = attachedPolicies(name);
            if (!attached.contains(EXECUTION_POLICY_ARN)) {
                iam.attachRolePolicy(r -> r.roleName(name).policyArn(EXECUTION_POLICY_ARN));
            }
            for (String arn : attached) {
                if (!arn.equals(EXECUTION_POLICY_ARN)) {
                    iam.detachRolePolicy(r -> r.roleName(name).policyArn(arn));
                }
            }
        }
        if (fields.contains(INLINE_FIELD)) {
            for (String policy : inlinePolicies(name)) {
                iam.deleteRolePolicy(r -> r.roleName(name).policyName(policy));
            }
        }
    }

    private List<String> inlinePolicies(String name) {
        return iam.listRolePoliciesPaginator(r -> r.roleName(name)).policyNames().stream().toList();
    }

    private List<String> attachedPolicies(String name) {
        return iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).sorted().toList();
    }

    /** The stack named by the role's {@code edgesite:stack} tag, or null when it has none. */
    public static String stackTag(Role role) {
        return role.tags().stream().filter(t -> Tags.STACK.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }

    /** Deletes the role once its inline policies are deleted and managed ones detached, as IAM requires. */
    public void delete(String name) {
        try {
            for (String policy : inlinePolicies(name)) {
                iam.deleteRolePolicy(r -> r.roleName(name).policyName(policy));
            }
            for (String arn : attachedPolicies(name)) {
                iam.detachRolePolicy(r -> r.roleName(name).policyArn(arn));
            }
            iam.deleteRole(r -> r.roleName(name));
        } catch (NoSuchEntityException e) {
            // a retry of a call whose answer was lost: what it deleted is gone
            if (find(name).isPresent()) {
                delete(name);
            }
        }
    }

    /**
     * The role's trust policy was changed outside edgesite. Rewriting it takes {@code iam:UpdateAssumeRolePolicy},
     * a right that would let whoever provisions hand the role to anyone, so provision asks an administrator.
     */
    public static final class TrustPolicyChangedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String roleName;

        TrustPolicyChangedException(String roleName) {
            super("The trust policy of IAM role " + roleName + " was changed outside edgesite. Provision does not"
                    + " rewrite trust policies (that right would let whoever provisions give the role to anyone)."
                    + " An administrator restores it with: aws iam update-assume-role-policy --role-name " + roleName
                    + " --policy-document '" + TRUST_POLICY + "'");
            this.roleName = roleName;
        }

        public String roleName() {
            return roleName;
        }
    }
}
