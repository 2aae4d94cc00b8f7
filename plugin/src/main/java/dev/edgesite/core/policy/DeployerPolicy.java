package dev.edgesite.core.policy;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.settings.InvalidSettingException;
import dev.edgesite.core.settings.StackSettings;
import dev.edgesite.core.aws.AwsClients;
import dev.edgesite.core.aws.Distributions;
import dev.edgesite.core.aws.Dns;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One of the two least-privilege IAM policies for whoever runs the goals with these settings: every
 * action the goals of that kind call, on the stack's own resources wherever AWS lets a policy name them.
 * Certificate and DNS actions appear only when the settings need them.
 *
 * <p>Neither lets its holder gain a right it was not given: the provision policy writes no inline or trust
 * policy, attaches no policy but AWSLambdaBasicExecutionRole, makes the role only with that policy as its
 * boundary, and passes only the stack's role, only to Lambda.
 */
public final class DeployerPolicy {
    /** The most characters (whitespace aside) a customer managed policy may have. */
    public static final int MANAGED_POLICY_LIMIT = 6144;
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    /** Who a policy is for. */
    public enum Kind {
        PUBLISH("policy-publish.json", "sync, invalidate and deploy",
                "for CI jobs that publish the site: the bucket's objects and the distribution's invalidations,"
                        + " nothing that changes the stack"),
        PROVISION("policy-provision.json", "plan, provision, destroy and invite",
                "for a person or a protected job that manages the stack; it cannot raise the authorizer's role"
                        + " or any other principal's rights"),
        PREVIEW("policy-preview.json", "deploy -Dedgesite.preview and remove-preview",
                "for pull-request jobs that publish previews: the objects under _previews/ only, so a branch's"
                        + " build can never change the main site; written only for a stack with previews");

        private final String fileName;
        private final String goals;
        private final String purpose;

        Kind(String fileName, String goals, String purpose) {
            this.fileName = fileName;
            this.goals = goals;
            this.purpose = purpose;
        }

        public String fileName() {
            return fileName;
        }

        public String goals() {
            return goals;
        }

        public String purpose() {
            return purpose;
        }
    }

    private final Kind kind;
    private final Target target;
    private final Map<Scope, SortedSet<String>> grants = new EnumMap<>(Scope.class);

    private DeployerPolicy(Kind kind, Target target) {
        this.kind = kind;
        this.target = target;
        for (List<Permissions.Permission> permissions : Permissions.of(kind)) {
            for (Permissions.Permission p : permissions) {
                if (needed(p.action())) {
                    Scope scope = kind == Kind.PREVIEW && p.scope() == Scope.OBJECTS ? Scope.PREVIEW_OBJECTS : p.scope();
                    grants.computeIfAbsent(scope, s -> new TreeSet<>()).add(p.action());
                }
            }
        }
    }

    /**
     * The policies (the preview one only with previews on); asks STS for the account, Route53 for the hosted zone,
     * CloudFront for the distribution.
     */
    public static Map<Kind, DeployerPolicy> lookUp(StackSettings settings, AwsClients aws) {
        String account = aws.sts().getCallerIdentity().account();
        String zoneId = settings.hasDomain() ? new Dns(aws.route53()).publicZone(settings.domain()).orElse(null) : null;
        String distributionId = new Distributions(aws.cloudFront()).find(settings.stack())
                .map(Distributions.Found::id).orElse(null);
        return policies(new Target(settings, account, zoneId, distributionId));
    }

    /**
     * The policies for this account without calling AWS: the hosted zone is then left open to any of the
     * account's, and the distribution is named by the stack's tag.
     */
    public static Map<Kind, DeployerPolicy> offline(StackSettings settings, String account) {
        if (account == null || !ACCOUNT.matcher(account.strip()).matches()) {
            throw new InvalidSettingException("account", account, "is not an AWS account id",
                    "Pass the account's 12 digits, such as -Dedgesite.account=123456789012, or leave it out to ask"
                            + " AWS");
        }
        return policies(new Target(settings, account.strip(), null, null));
    }

    static DeployerPolicy of(Kind kind, Target target) {
        return new DeployerPolicy(kind, target);
    }

    private static Map<Kind, DeployerPolicy> policies(Target target) {
        Map<Kind, DeployerPolicy> policies = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            if (kind != Kind.PREVIEW || target.settings().previews().enabled()) {
                policies.put(kind, new DeployerPolicy(kind, target));
            }
        }
        return policies;
    }

    private boolean needed(String action) {
        StackSettings settings = target.settings();
        if (action.startsWith("acm:")) {
            return settings.hasDomain() && settings.certificateArn() == null;
        }
        if (action.startsWith("route53:")) {
            return settings.hasDomain();
        }
        if (action.contains("IdentityProvider") || action.equals("cognito-idp:AddCustomAttributes")) {
            return !settings.auth().identityProviders().isEmpty();
        }
        return true;
    }

    public Kind kind() {
        return kind;
    }

    public Set<String> actions() {
        Set<String> all = new TreeSet<>();
        grants.values().forEach(all::addAll);
        return all;
    }

    /**
     * One statement per scope, scopes on the same resources under the same condition merged into one. No
     * {@code Sid}s: the provision policy must fit the 6,144 characters of a managed policy, and the notes
     * name the actions whose reach they explain.
     */
    private Map<String, Object> document() {
        Map<List<Object>, Map<String, Object>> statements = new LinkedHashMap<>();
        grants.forEach((scope, actions) -> {
            List<String> resources = scope.resources(target);
            Map<String, Object> condition = scope.condition(target);
            Map<String, Object> statement = statements.computeIfAbsent(List.of(resources, condition), k -> {
                Map<String, Object> fresh = new LinkedHashMap<>();
                fresh.put("Effect", "Allow");
                fresh.put("Action", new TreeSet<String>());
                fresh.put("Resource", resources);
                if (!condition.isEmpty()) {
                    fresh.put("Condition", condition);
                }
                return fresh;
            });
            @SuppressWarnings("unchecked")
            Set<String> merged = (Set<String>) statement.get("Action");
            merged.addAll(actions);
        });
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map<String, Object> statement : statements.values()) {
            statement.put("Action", List.copyOf((Set<?>) statement.get("Action")));
            list.add(statement);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", list);
        return document;
    }

    /** The policy document, indented for people. */
    public String toJson() {
        return PrettyJson.write(document());
    }

    /** The characters IAM counts against {@link #MANAGED_POLICY_LIMIT}. */
    public int size() {
        return JSONObjectUtils.toJSONString(document()).length();
    }

    /**
     * The policy as customer managed policies to attach together, each within {@link #MANAGED_POLICY_LIMIT}:
     * one document when the policy fits, else its statements shared out in order over as few documents as hold
     * them (a long stack name with a domain and identity providers makes the provision policy too long for one).
     * Each maps its file name to its document, indented for people.
     */
    public Map<String, String> parts() {
        Map<String, Object> whole = document();
        Map<String, String> parts = new LinkedHashMap<>();
        if (size() <= MANAGED_POLICY_LIMIT) {
            parts.put(kind.fileName(), PrettyJson.write(whole));
            return parts;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> statements = (List<Map<String, Object>>) whole.get("Statement");
        List<List<Map<String, Object>>> documents = new ArrayList<>();
        List<Map<String, Object>> current = new ArrayList<>();
        for (Map<String, Object> statement : statements) {
            current.add(statement);
            if (current.size() > 1 && JSONObjectUtils.toJSONString(wrap(current)).length() > MANAGED_POLICY_LIMIT) {
                current.remove(current.size() - 1);
                documents.add(current);
                current = new ArrayList<>(List.of(statement));
            }
        }
        documents.add(current);
        for (int i = 0; i < documents.size(); i++) {
            String name = i == 0 ? kind.fileName() : kind.fileName().replace(".json", "-" + (i + 1) + ".json");
            parts.put(name, PrettyJson.write(wrap(documents.get(i))));
        }
        return parts;
    }

    private static Map<String, Object> wrap(List<Map<String, Object>> statements) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements);
        return document;
    }

    /** Why some statements cover more than the stack's own resources. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        grants.keySet().stream().filter(s -> s.note(target) != null)
                .forEach(s -> notes.add(String.join(", ", grants.get(s)) + ": " + s.note(target)));
        if (target.settings().hasDomain() && target.zoneId() == null && grants.containsKey(Scope.RECORDS)) {
            notes.add("route53:ChangeResourceRecordSets, route53:ListResourceRecordSets: the hosted zone of " + target.settings().domain()
                    + " was not looked up, so they name every zone of the account; replace * with its id");
        }
        return notes;
    }
}
