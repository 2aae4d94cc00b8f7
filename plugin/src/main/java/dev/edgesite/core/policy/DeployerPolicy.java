package dev.edgesite.core.policy;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.edgesite.core.InvalidSettingException;
import dev.edgesite.core.StackSettings;
import dev.edgesite.core.aws.AwsClients;
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
 * The least-privilege IAM policy for whoever runs the goals with these settings: every action the
 * goals call, on the stack's own resources wherever AWS lets a policy name them before they exist.
 * Certificate and DNS actions appear only when the settings need them.
 */
public final class DeployerPolicy {
    /** The most characters (whitespace aside) a customer managed policy may have. */
    public static final int MANAGED_POLICY_LIMIT = 6144;
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private final Target target;
    private final Map<Scope, SortedSet<String>> grants = new EnumMap<>(Scope.class);

    private DeployerPolicy(Target target) {
        this.target = target;
        for (List<Permissions.Permission> permissions : Permissions.all()) {
            for (Permissions.Permission p : permissions) {
                if (needed(p.action())) {
                    grants.computeIfAbsent(p.scope(), s -> new TreeSet<>()).add(p.action());
                }
            }
        }
    }

    /** Asks STS for the account and Route53 for the hosted zone. */
    public static DeployerPolicy lookUp(StackSettings settings, AwsClients aws) {
        String account = aws.sts().getCallerIdentity().account();
        String zoneId = settings.hasDomain() ? new Dns(aws.route53()).publicZone(settings.domain()).orElse(null) : null;
        return new DeployerPolicy(new Target(settings, account, zoneId));
    }

    /** For this account without calling AWS; the hosted zone is then left open to any of the account's. */
    public static DeployerPolicy offline(StackSettings settings, String account) {
        if (account == null || !ACCOUNT.matcher(account.strip()).matches()) {
            throw new InvalidSettingException("account", account, "is not an AWS account id",
                    "Pass the account's 12 digits, such as -Dedgesite.account=123456789012, or leave it out to ask"
                            + " AWS");
        }
        return new DeployerPolicy(new Target(settings, account.strip(), null));
    }

    private boolean needed(String action) {
        StackSettings settings = target.settings();
        if (action.startsWith("acm:")) {
            return settings.hasDomain() && settings.certificateArn() == null;
        }
        if (action.startsWith("route53:")) {
            return settings.hasDomain();
        }
        return true;
    }

    public Set<String> actions() {
        Set<String> all = new TreeSet<>();
        grants.values().forEach(all::addAll);
        return all;
    }

    private Map<String, Object> document() {
        List<Map<String, Object>> statements = new ArrayList<>();
        grants.forEach((scope, actions) -> {
            Map<String, Object> statement = new LinkedHashMap<>();
            statement.put("Sid", scope.sid());
            statement.put("Effect", "Allow");
            statement.put("Action", List.copyOf(actions));
            statement.put("Resource", scope.resources(target));
            Map<String, Object> condition = scope.condition(target);
            if (!condition.isEmpty()) {
                statement.put("Condition", condition);
            }
            statements.add(statement);
        });
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements);
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

    /** Why some statements cover more than the stack's own resources. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        grants.keySet().stream().filter(s -> s.note() != null).forEach(s -> notes.add(s.sid() + ": " + s.note()));
        if (target.settings().hasDomain() && target.zoneId() == null) {
            notes.add("HostedZone, SiteRecords: the hosted zone of " + target.settings().domain()
                    + " was not looked up, so they name every zone of the account; replace * with its id");
        }
        return notes;
    }
}
