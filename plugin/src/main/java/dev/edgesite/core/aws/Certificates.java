package dev.edgesite.core.aws;

import dev.edgesite.core.Digests;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.acm.model.ResourceNotFoundException;
import software.amazon.awssdk.services.acm.model.ResourceRecord;
import software.amazon.awssdk.services.acm.model.ValidationMethod;

/** ACM in us-east-1: the stack's DNS-validated certificate for the site's names. */
public final class Certificates {
    private static final List<CertificateStatus> USABLE = List.of(CertificateStatus.ISSUED,
            CertificateStatus.PENDING_VALIDATION);

    private final AcmClient acm;

    public Certificates(AcmClient acm) {
        this.acm = acm;
    }

    /** The stack's usable certificate covering exactly these names, issued ones first. */
    public Optional<CertificateDetail> find(String stack, List<String> names) {
        Set<String> wanted = new HashSet<>(names);
        return acm.listCertificatesPaginator(r -> r.certificateStatuses(USABLE)).certificateSummaryList().stream()
                .filter(s -> names.get(0).equalsIgnoreCase(s.domainName()))
                .map(CertificateSummary::certificateArn)
                .map(this::describe)
                .filter(c -> new HashSet<>(c.subjectAlternativeNames()).equals(wanted))
                .filter(c -> stack.equals(Tags.read(() -> acm.listTagsForCertificate(r -> r.certificateArn(
                        c.certificateArn())).tags(), t -> t.key(), t -> t.value()).get(Tags.STACK)))
                .min((a, b) -> Boolean.compare(a.status() != CertificateStatus.ISSUED, b.status() != CertificateStatus.ISSUED));
    }

    public CertificateDetail describe(String arn) {
        return acm.describeCertificate(r -> r.certificateArn(arn)).certificate();
    }

    /**
     * Requests the certificate. The idempotency token makes a retried request return the same one; it also names
     * the stack's certificates of the moment ({@code existing}), since ACM answers a token it saw within the hour
     * with that certificate even once deleted: names changed back and forth (previews on, off, on again) within an
     * hour must get a new certificate.
     */
    public String request(String stack, List<String> names, List<String> existing) {
        String token = existing.isEmpty() ? idempotencyToken(stack, names)
                : idempotencyToken(stack + "|" + String.join(",", existing.stream().sorted().toList()), names);
        return acm.requestCertificate(r -> r.domainName(names.get(0))
                .subjectAlternativeNames(names)
                .validationMethod(ValidationMethod.DNS)
                .idempotencyToken(token)
                .tags(t -> t.key(Tags.STACK).value(stack))).certificateArn();
    }

    /** The CNAME records that prove the names, once ACM has made them up (it takes a few seconds). */
    public List<ResourceRecord> validationRecords(String arn, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CertificateDetail c = describe(arn);
            List<ResourceRecord> records = c.domainValidationOptions().stream()
                    .map(o -> o.resourceRecord()).filter(Objects::nonNull).distinct().toList();
            if (c.status() == CertificateStatus.ISSUED
                    || c.domainValidationOptions().stream().allMatch(o -> o.resourceRecord() != null)) {
                return records;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ACM gave no DNS validation records for " + arn + " within " + timeout);
            }
            Backoff.sleep(Duration.ofSeconds(2));
        }
    }

    /**
     * Every certificate tagged with the stack whose name is the domain or under it, whatever its
     * status: certificates for names the stack no longer uses included.
     */
    public List<CertificateDetail> tagged(String stack, String domain) {
        return acm.listCertificatesPaginator(r -> {}).certificateSummaryList().stream()
                .filter(s -> underDomain(s.domainName(), domain))
                .filter(s -> stack.equals(Tags.read(() -> acm.listTagsForCertificate(r -> r.certificateArn(
                        s.certificateArn())).tags(), t -> t.key(), t -> t.value()).get(Tags.STACK)))
                .map(s -> describe(s.certificateArn()))
                .toList();
    }

    /** The DNS validation records ACM asked for, as far as it has made them up. */
    public static Set<ResourceRecord> validationRecords(CertificateDetail certificate) {
        Set<ResourceRecord> records = new HashSet<>();
        certificate.domainValidationOptions().stream().map(o -> o.resourceRecord()).filter(Objects::nonNull)
                .forEach(records::add);
        return records;
    }

    /**
     * The validation records of the account's other certificates for any of these names. ACM gives
     * every certificate for a name the same record, so these must stay while those certificates live.
     */
    public Set<ResourceRecord> validationRecordsOfOthers(String arn, Set<String> names) {
        Set<ResourceRecord> records = new HashSet<>();
        acm.listCertificatesPaginator(r -> {}).certificateSummaryList().stream()
                .filter(s -> !arn.equals(s.certificateArn()))
                .filter(s -> names.contains(s.domainName()) || s.subjectAlternativeNameSummaries().stream()
                        .anyMatch(names::contains))
                .map(s -> describe(s.certificateArn()))
                .forEach(c -> records.addAll(validationRecords(c)));
        return records;
    }

    /** Deletes the certificate; one already gone (a retry after a lost answer) counts as deleted. */
    public void delete(String arn) {
        try {
            acm.deleteCertificate(r -> r.certificateArn(arn));
        } catch (ResourceNotFoundException e) {
            // deleted by the attempt whose answer was lost
        }
    }

    private static boolean underDomain(String name, String domain) {
        return name != null && (name.equalsIgnoreCase(domain) || name.toLowerCase(Locale.ROOT).endsWith("." + domain));
    }

    /** Waits with ACM's waiter until the certificate is issued; fails when validation failed. */
    public void awaitIssued(String arn, Duration timeout) {
        acm.waiter().waitUntilCertificateValidated(r -> r.certificateArn(arn),
                w -> w.waitTimeout(timeout))
                .matched().exception().ifPresent(e -> {
                    throw new IllegalStateException("certificate " + arn + " was not issued: " + e.getMessage(), e);
                });
    }

    /** ACM takes up to 32 word characters; the same stack and names give the same token. */
    static String idempotencyToken(String stack, List<String> names) {
        return Digests.sha256Hex(stack + "|" + String.join(",", names)).substring(0, 32);
    }
}
