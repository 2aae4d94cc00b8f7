package dev.edgesite.core.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ListHostedZonesByNameResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Route53: the domain's public hosted zone, certificate validation records, the site's alias records. */
public final class Dns {
    /** The hosted zone id CloudFront alias targets always have. */
    public static final String CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

    private final Route53Client route53;

    public Dns(Route53Client route53) {
        this.route53 = route53;
    }

    /**
     * The public hosted zone of exactly this domain, by its bare id. The listing starts at the name
     * and is sorted, so the zones of this name come first; pages are fetched only while they do.
     */
    public Optional<String> publicZone(String domain) {
        String wanted = absolute(domain);
        String nextName = wanted;
        String nextZone = null;
        while (nextName != null) {
            String name = nextName;
            String zone = nextZone;
            ListHostedZonesByNameResponse page = route53.listHostedZonesByName(r -> r.dnsName(name).hostedZoneId(zone));
            for (HostedZone z : page.hostedZones()) {
                if (!absolute(z.name()).equalsIgnoreCase(wanted)) {
                    return Optional.empty();
                }
                if (z.config() == null || !Boolean.TRUE.equals(z.config().privateZone())) {
                    return Optional.of(bareZoneId(z.id()));
                }
            }
            boolean more = Boolean.TRUE.equals(page.isTruncated());
            nextName = more ? page.nextDNSName() : null;
            nextZone = more ? page.nextHostedZoneId() : null;
        }
        return Optional.empty();
    }

    /** The record set of this name and type, if any. */
    public Optional<ResourceRecordSet> record(String zoneId, String name, RRType type) {
        String wanted = absolute(name);
        return route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId).startRecordName(wanted).startRecordType(type)
                        .maxItems("1"))
                .resourceRecordSets().stream()
                .filter(s -> absolute(s.name()).equalsIgnoreCase(wanted) && s.type() == type)
                .findFirst();
    }

    /**
     * A name as Route53 lists it, with its escapes decoded: Route53 answers {@code *} (and any character outside
     * letters, digits, hyphen and underscore) as a three-digit octal escape, so the wildcard
     * {@code *.preview.docs.example.com} comes back as {@code \052.preview.docs.example.com.}.
     */
    public static String unescaped(String name) {
        if (name == null || name.indexOf('\\') < 0) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && isOctal(name, i + 1, 3)) {
                out.append((char) Integer.parseInt(name.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    public static ResourceRecordSet cname(String name, String value) {
        return ResourceRecordSet.builder().name(absolute(name)).type(RRType.CNAME).ttl(300L)
                .resourceRecords(r -> r.value(value)).build();
    }

    public static ResourceRecordSet alias(String name, RRType type, String distributionDomain) {
        return ResourceRecordSet.builder().name(absolute(name)).type(type)
                .aliasTarget(t -> t.hostedZoneId(CLOUDFRONT_ZONE_ID).dnsName(absolute(distributionDomain))
                        .evaluateTargetHealth(false))
                .build();
    }

    /** Whether a record read back says what {@code wanted} says (names compared without the final dot). */
    public static boolean same(ResourceRecordSet actual, ResourceRecordSet wanted) {
        if (actual == null || actual.type() != wanted.type()) {
            return false;
        }
        if (wanted.aliasTarget() != null) {
            return actual.aliasTarget() != null
                    && absolute(actual.aliasTarget().dnsName()).equalsIgnoreCase(absolute(wanted.aliasTarget().dnsName()))
                    && bareZoneId(actual.aliasTarget().hostedZoneId()).equals(wanted.aliasTarget().hostedZoneId());
        }
        return actual.resourceRecords().stream().map(r -> absolute(r.value())).toList()
                .equals(wanted.resourceRecords().stream().map(r -> absolute(r.value())).toList());
    }

    public void upsert(String zoneId, List<ResourceRecordSet> records) {
        change(zoneId, ChangeAction.UPSERT, records);
    }

    /** UPSERTs are idempotent, so the SDK retries them; a DELETE is not ({@link #delete}). */
    private void change(String zoneId, ChangeAction action, List<ResourceRecordSet> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Change> changes = new ArrayList<>();
        for (ResourceRecordSet r : records) {
            changes.add(Change.builder().action(action).resourceRecordSet(r).build());
        }
        route53.changeResourceRecordSets(r -> {
            r.hostedZoneId(zoneId).changeBatch(b -> b.comment("edgesite").changes(changes));
            if (action == ChangeAction.DELETE) {
                r.overrideConfiguration(Creates.RETRY_THROTTLING_ONLY);
            }
        });
    }

    /**
     * Deletes record sets exactly as they were read: Route53 deletes only a record that matches in every value.
     * A DELETE sent again after its answer was lost fails (InvalidChangeBatch: no such record), so it is not
     * retried blindly: after a failure the records are read again, and those still there are deleted once more.
     */
    public void delete(String zoneId, List<ResourceRecordSet> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            change(zoneId, ChangeAction.DELETE, records);
        } catch (SdkException e) {
            if (e instanceof AwsServiceException a && Creates.refused(a) && !Creates.code("InvalidChangeBatch").test(a)) {
                throw e;
            }
            List<ResourceRecordSet> left = records.stream()
                    .filter(r -> record(zoneId, r.name(), r.type()).isPresent()).toList();
            change(zoneId, ChangeAction.DELETE, left);
        }
    }

    /** The name with its final dot and its escapes decoded ({@link #unescaped}), as names are compared here. */
    static String absolute(String name) {
        String plain = unescaped(name);
        return plain.endsWith(".") ? plain : plain + ".";
    }

    /** Zone ids come as {@code /hostedzone/Z123} or {@code Z123}; the API takes either, we keep the bare one. */
    static String bareZoneId(String id) {
        return id.substring(id.lastIndexOf('/') + 1);
    }
}
