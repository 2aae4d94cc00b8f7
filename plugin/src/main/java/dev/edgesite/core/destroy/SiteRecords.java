package dev.edgesite.core.destroy;

import dev.edgesite.core.aws.Certificates;
import dev.edgesite.core.aws.Dns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The stack's records in its hosted zone: deleted only when they say what the stack wrote, each batch
 * in one change and reported once Route53 took it; in a dry run, reported as what would be deleted.
 */
final class SiteRecords {
    private final Dns dns;
    private final String zoneId;
    private final Outcomes outcomes;
    private final boolean dryRun;

    /** {@code zoneId} null: the zone is gone, and every record with it. */
    SiteRecords(Dns dns, String zoneId, Outcomes outcomes, boolean dryRun) {
        this.dns = dns;
        this.zoneId = zoneId;
        this.outcomes = outcomes;
        this.dryRun = dryRun;
    }

    /**
     * The A and AAAA aliases of the names that point at the distribution (null: the distribution is gone), and
     * those of {@code formerHosts} (names the settings may no longer carry, such as the previews' wildcard after
     * previews were turned off) when they point at it; those absent or pointing elsewhere are not reported.
     */
    void deleteAliases(List<String> hosts, List<String> formerHosts, String distributionDomain) {
        String resource = "Route53 alias record";
        Batch batch = new Batch();
        List<String> all = new ArrayList<>(hosts);
        formerHosts.stream().filter(h -> !all.contains(h)).forEach(all::add);
        for (String host : all) {
            boolean former = !hosts.contains(host);
            for (RRType type : List.of(RRType.A, RRType.AAAA)) {
                String name = host + " " + type;
                Optional<ResourceRecordSet> found = read(host, type);
                boolean ours = found.isPresent() && distributionDomain != null
                        && Dns.same(found.get(), Dns.alias(host, type, distributionDomain));
                if (former && !ours) {
                    continue;
                }
                if (found.isEmpty()) {
                    outcomes.record(Outcome.absent(resource, name));
                } else if (ours) {
                    batch.add(found.get(), resource, name);
                } else {
                    outcomes.record(Outcome.kept(resource, name, "points at " + target(found.get())
                            + ", not at this stack's distribution"));
                }
            }
        }
        batch.delete();
    }

    /** The certificate's validation records, unless they hold other values or {@code shared} has them. */
    void deleteValidation(CertificateDetail certificate, Set<ResourceRecord> shared) {
        String resource = "DNS validation record";
        Batch batch = new Batch();
        for (ResourceRecord wanted : Certificates.validationRecords(certificate)) {
            Optional<ResourceRecordSet> found = read(wanted.name(), RRType.CNAME);
            if (found.isEmpty()) {
                outcomes.record(Outcome.absent(resource, wanted.name()));
            } else if (!Dns.same(found.get(), Dns.cname(wanted.name(), wanted.value()))) {
                outcomes.record(Outcome.kept(resource, wanted.name(), "holds " + target(found.get())
                        + ", not what the certificate asked for"));
            } else if (shared.contains(wanted)) {
                outcomes.record(Outcome.kept(resource, wanted.name(), "validates another certificate too"));
            } else {
                batch.add(found.get(), resource, wanted.name());
            }
        }
        batch.delete();
    }

    private Optional<ResourceRecordSet> read(String name, RRType type) {
        return zoneId == null ? Optional.empty() : dns.record(zoneId, name, type);
    }

    private static String target(ResourceRecordSet record) {
        return record.aliasTarget() != null ? record.aliasTarget().dnsName()
                : String.join(" ", record.resourceRecords().stream().map(r -> r.value()).toList());
    }

    /**
     * Records to delete together, reported deleted only once Route53 has taken the change; in a dry run, reported
     * as would delete, and no change is sent.
     */
    private final class Batch {
        private final List<ResourceRecordSet> records = new ArrayList<>();
        private final List<Outcome> deleted = new ArrayList<>();

        void add(ResourceRecordSet record, String resource, String name) {
            records.add(record);
            deleted.add(dryRun ? Outcome.wouldDelete(resource, name, null) : Outcome.deleted(resource, name, null));
        }

        void delete() {
            if (!dryRun) {
                dns.delete(zoneId, records);
            }
            deleted.forEach(outcomes::record);
        }
    }
}
