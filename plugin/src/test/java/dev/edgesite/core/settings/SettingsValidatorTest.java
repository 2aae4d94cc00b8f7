package dev.edgesite.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;

class SettingsValidatorTest {
    private static final String ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    private static SettingsValidator valid() {
        return new SettingsValidator().stack("docs-portal");
    }

    private static SettingsValidator withDomain() {
        return valid().domain("example.com");
    }

    /** The one problem the validator reports, checked to name its element, its value and a fix. */
    private static InvalidSettingException problem(SettingsValidator validator, String element, String value,
            String fix) {
        SettingsValidator.InvalidSettings invalid = assertThrows(SettingsValidator.InvalidSettings.class,
                validator::validate);
        assertEquals(1, invalid.problems().size(), invalid.getMessage());
        InvalidSettingException problem = invalid.problems().get(0);
        assertEquals(element, problem.element(), problem.getMessage());
        assertEquals(value, problem.value(), problem.getMessage());
        String named = value == null ? "<" + element + ">: " : "<" + element + "> '" + value + "': ";
        assertTrue(problem.getMessage().startsWith(named), problem.getMessage());
        assertTrue(problem.fix().contains(fix), problem.getMessage());
        assertTrue(problem.getMessage().endsWith(problem.fix()), problem.getMessage());
        return problem;
    }

    private static void assertMentions(InvalidSettingException problem, String text) {
        assertTrue(problem.getMessage().contains(text), problem.getMessage());
    }

    @Test
    void reportsEveryProblemAtOnceInTheOrderOfTheElements() {
        SettingsValidator.InvalidSettings invalid = assertThrows(SettingsValidator.InvalidSettings.class,
                new SettingsValidator().stack("Docs").region("mars-1").domain("-bad.example").priceClass("cheap")::validate);
        assertEquals(List.of("stack", "region", "domain", "priceClass"),
                invalid.problems().stream().map(InvalidSettingException::element).toList());
        assertEquals(4, invalid.getMessage().lines().count());
    }

    @Test
    void leavesOptionalSettingsUnsetAndFillsDefaults() {
        StackSettings settings = valid().profile("  ").siteDirectory(Path.of("target/site")).validate();
        assertEquals(Region.US_EAST_1, settings.region());
        assertNull(settings.profile());
        assertNull(settings.domain());
        assertNull(settings.service());
        assertEquals(List.of(), settings.aliases());
        assertEquals(Path.of("target/site"), settings.siteDirectory());
        assertEquals("docs-portal-authorizer", settings.functionName());
        assertNull(settings.bucket());
        assertNull(settings.endpoint());
        assertNull(settings.certificateArn());
        assertEquals("PriceClass_100", settings.priceClass());
        assertEquals(new StackSettings.Auth(null, false, List.of(), List.of(), List.of(), false), settings.auth());
    }

    @Test
    void trimsValues() {
        StackSettings settings = new SettingsValidator().stack(" docs-portal ").profile(" work ").region(" eu-west-1 ")
                .validate();
        assertEquals("docs-portal", settings.stack());
        assertEquals("work", settings.profile());
        assertEquals(Region.EU_WEST_1, settings.region());
    }

    @Nested
    class Stack {
        @ParameterizedTest
        @ValueSource(strings = {"abc", "docs-portal", "site2", "a-b", "abcdefghijklmnopqrstuvwxyz012345"})
        void acceptsNamesEveryResourceCanCarry(String stack) {
            assertEquals(stack, new SettingsValidator().stack(stack).validate().stack());
        }

        @ParameterizedTest
        @ValueSource(strings = {"ab", "abcdefghijklmnopqrstuvwxyz0123456", "Docs", "docs_portal", "1docs", "docs-",
                "-docs", "docs portal", "docs.portal"})
        void rejectsNamesSomeResourceCannotCarry(String stack) {
            problem(new SettingsValidator().stack(stack), "stack", stack, "Set <stack> to 3-32 lowercase letters");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = "  ")
        void isRequired(String stack) {
            problem(new SettingsValidator().stack(stack), "stack", null, "Set <stack>");
        }

        @Test
        void suggestsAUsableNameForAnArtifactId() {
            problem(new SettingsValidator().stack("My_Docs.Site"), "stack", "My_Docs.Site", "such as 'my-docs-site'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"my-aws-docs", "amazonia", "cognito-site"})
        void rejectsWordsCognitoRefusesInALoginDomain(String stack) {
            InvalidSettingException problem = problem(new SettingsValidator().stack(stack), "stack", stack,
                    "without 'aws', 'amazon' or 'cognito'");
            assertMentions(problem, "which Cognito refuses in a login domain");
        }
    }

    @Nested
    class RegionSetting {
        @ParameterizedTest
        @ValueSource(strings = {"us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1"})
        void acceptsKnownRegions(String region) {
            assertEquals(Region.of(region), valid().region(region).validate().region());
        }

        @ParameterizedTest
        @NullAndEmptySource
        void defaultsToUsEast1(String region) {
            assertEquals(Region.US_EAST_1, valid().region(region).validate().region());
        }

        @Test
        void suggestsTheClosestRegionForANearMiss() {
            problem(valid().region("us-east1"), "region", "us-east1", "Did you mean 'us-east-1'?");
            problem(valid().region("US-EAST-1"), "region", "US-EAST-1", "Did you mean 'us-east-1'?");
        }

        @ParameterizedTest
        @ValueSource(strings = {"mars-north-1", "aws-global", "europe"})
        void rejectsUnknownRegions(String region) {
            InvalidSettingException problem = problem(valid().region(region), "region", region,
                    "Set <region> to a region code such as us-east-1");
            assertTrue(!problem.fix().contains("Did you mean"), problem.getMessage());
        }
    }

    @Nested
    class Domain {
        @ParameterizedTest
        @ValueSource(strings = {"example.com", "a-b.example.co.uk", "xn--bcher-kva.example", "1password.com"})
        void acceptsDnsNames(String domain) {
            assertEquals(domain, valid().domain(domain).validate().domain());
        }

        @Test
        void lowercasesAndDropsTheTrailingDot() {
            assertEquals("example.com", valid().domain(" Example.COM. ").validate().domain());
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost", "-example.com", "example-.com", "exa_mple.com", "example..com",
                "bücher.example", "exa mple.com"})
        void rejectsWhatIsNoDnsName(String domain) {
            problem(valid().domain(domain), "domain", domain, "Set <domain> to a Route53 hosted zone");
        }

        @Test
        void rejectsLabelsLongerThan63Characters() {
            String domain = "a".repeat(64) + ".com";
            assertMentions(problem(valid().domain(domain), "domain", domain, "Set <domain>"), "longer than 63");
        }

        @Test
        void rejectsNamesLongerThan253Characters() {
            String domain = ("a".repeat(60) + ".").repeat(4) + "example.com";
            assertMentions(problem(valid().domain(domain), "domain", domain, "Set <domain>"), "longer than 253");
        }
    }

    @Nested
    class Service {
        @Test
        void namesTheSiteUnderTheDomain() {
            StackSettings settings = withDomain().service("Docs").validate();
            assertEquals("docs", settings.service());
            assertEquals("docs.example.com", settings.siteHost());
        }

        @ParameterizedTest
        @ValueSource(strings = {"docs.eu", "-docs", "do_cs"})
        void mustBeOneLabel(String service) {
            problem(withDomain().service(service), "service", service, "Set <service> to one label");
        }

        @Test
        void needsADomain() {
            problem(valid().service("docs"), "service", "docs", "Set <domain>");
        }
    }

    @Nested
    class Aliases {
        @Test
        void acceptsNamesInTheZone() {
            StackSettings settings = withDomain().service("docs").aliases(List.of("WWW.Example.com.", "example.com"))
                    .validate();
            assertEquals(List.of("www.example.com", "example.com"), settings.aliases());
            assertEquals(List.of("docs.example.com", "www.example.com", "example.com"), settings.hostNames());
        }

        @Test
        void rejectsNamesOutsideTheZone() {
            assertMentions(problem(withDomain().aliases(List.of("www.example.org")), "aliases", "www.example.org",
                    "a full name in the zone example.com"), "is not in the zone example.com");
        }

        @Test
        void rejectsWhatIsNoDnsName() {
            problem(withDomain().aliases(List.of("www..example.com")), "aliases", "www..example.com",
                    "a full name in the zone example.com");
        }

        @Test
        void rejectsDuplicates() {
            assertMentions(problem(withDomain().aliases(List.of("www.example.com", "WWW.example.com")), "aliases",
                    "www.example.com", "List each name once"), "listed twice");
        }

        @Test
        void rejectsTheSiteItself() {
            assertMentions(problem(withDomain().service("docs").aliases(List.of("docs.example.com")), "aliases",
                    "docs.example.com", "not the site's own name docs.example.com"), "site's own name");
        }

        @Test
        void needADomain() {
            problem(valid().aliases(List.of("www.example.com", "help.example.com")), "aliases",
                    "www.example.com,help.example.com", "Set <domain>");
        }
    }

    @Nested
    class CertificateArn {
        @Test
        void acceptsAUsEast1Certificate() {
            assertEquals(ARN, withDomain().certificateArn(ARN).validate().certificateArn());
        }

        @ParameterizedTest
        @ValueSource(strings = {"not-an-arn", "arn:aws:acm:us-east-1:1234:certificate/abc",
                "arn:aws:iam::123456789012:server-certificate/site"})
        void rejectsWhatIsNoCertificateArn(String arn) {
            problem(withDomain().certificateArn(arn), "certificateArn", arn,
                    "arn:aws:acm:us-east-1:<account>:certificate/<id>");
        }

        @Test
        void rejectsCertificatesOutsideUsEast1() {
            String arn = ARN.replace("us-east-1", "eu-west-1");
            assertMentions(problem(withDomain().certificateArn(arn), "certificateArn", arn,
                    "in ACM in us-east-1"), "is in eu-west-1, and CloudFront only accepts certificates from us-east-1");
        }

        @Test
        void needsADomain() {
            problem(valid().certificateArn(ARN), "certificateArn", ARN, "Set <domain>");
        }
    }

    @Nested
    class FunctionName {
        @ParameterizedTest
        @ValueSource(strings = {"Docs_Auth-1", "a", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz012345678901"})
        void acceptsLambdaNames(String name) {
            assertEquals(name, valid().functionName(name).validate().functionName());
        }

        @ParameterizedTest
        @ValueSource(strings = {"docs.auth", "docs auth", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789012"})
        void rejectsWhatLambdaRefuses(String name) {
            problem(valid().functionName(name), "functionName", name, "1-64 letters, digits, hyphens and underscores");
        }
    }

    @Nested
    class Bucket {
        @ParameterizedTest
        @ValueSource(strings = {"abc", "docs-portal-site", "my.site.bucket", "1docs"})
        void acceptsS3Names(String bucket) {
            assertEquals(bucket, valid().bucket(bucket).validate().bucket());
        }

        @ParameterizedTest
        @ValueSource(strings = {"ab", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz012345678901", "Docs",
                "-docs", "docs-", "docs_site", "docs..site", "192.168.1.1", "xn--docs", "sthree-docs",
                "docs-s3alias", "docs--ol-s3"})
        void rejectsWhatS3Refuses(String bucket) {
            problem(valid().bucket(bucket), "bucket", bucket, "S3's bucket naming rules");
        }
    }

    @Nested
    class PriceClass {
        @ParameterizedTest
        @ValueSource(strings = {"PriceClass_100", "PriceClass_200", "PriceClass_All"})
        void acceptsCloudFrontsPriceClasses(String priceClass) {
            assertEquals(priceClass, valid().priceClass(priceClass).validate().priceClass());
        }

        @ParameterizedTest
        @ValueSource(strings = {"PriceClass_300", "priceclass_all", "All"})
        void rejectsOthers(String priceClass) {
            problem(valid().priceClass(priceClass), "priceClass", priceClass,
                    "PriceClass_100, PriceClass_200, PriceClass_All");
        }
    }

    @Nested
    class Endpoint {
        @ParameterizedTest
        @ValueSource(strings = {"http://127.0.0.1:5000", "https://moto.internal", "HTTP://localhost:4566/"})
        void acceptsHttpUrls(String endpoint) {
            assertEquals(URI.create(endpoint), valid().endpoint(endpoint).validate().endpoint());
        }

        @ParameterizedTest
        @ValueSource(strings = {"127.0.0.1:5000", "localhost:5000", "ftp://moto.internal", "/moto", "http://",
                "http://exa mple"})
        void rejectsAnythingElse(String endpoint) {
            problem(valid().endpoint(endpoint), "endpoint", endpoint, "an emulator's URL such as http://127.0.0.1:5000");
        }
    }

    @Nested
    class Logo {
        private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
        private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F'};
        private static final byte[] GIF = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0};

        @TempDir
        Path dir;

        private Path file(String name, byte[] head, int size) throws IOException {
            byte[] content = Arrays.copyOf(head, Math.max(size, head.length));
            return Files.write(dir.resolve(name), content);
        }

        private SettingsValidator withLogo(Path logo) {
            return valid().logo(logo);
        }

        @Test
        void acceptsAPng() throws IOException {
            Path logo = file("logo.png", PNG, 2048);
            assertEquals(logo, withLogo(logo).validate().auth().logo());
        }

        @Test
        void acceptsAJpegOfExactly100Kilobytes() throws IOException {
            Path logo = file("logo.jpg", JPEG, 100 * 1024);
            assertEquals(logo, withLogo(logo).validate().auth().logo());
        }

        @Test
        void judgesTheTypeByContentNotName() throws IOException {
            Path png = file("logo.jpg", PNG, 100);
            assertEquals(png, withLogo(png).validate().auth().logo());
            Path gif = file("logo.png", GIF, 100);
            assertMentions(problem(withLogo(gif), "logo", gif.toString(), "Convert it to PNG or JPEG"),
                    "neither a PNG nor a JPEG");
        }

        @Test
        void rejectsAGif() throws IOException {
            Path gif = file("logo.gif", GIF, 100);
            problem(withLogo(gif), "logo", gif.toString(), "Convert it to PNG or JPEG");
        }

        @Test
        void rejectsAnImageOverCognitosLimitSayingItsSize() throws IOException {
            Path logo = file("big.png", PNG, 150_000);
            assertMentions(problem(withLogo(logo), "logo", logo.toString(), "at most 100 KB"),
                    "is 146.5 KB (150000 bytes); Cognito accepts at most 100 KB (102400 bytes)");
        }

        @Test
        void rejectsAMissingFile() {
            Path logo = dir.resolve("missing.png");
            assertMentions(problem(withLogo(logo), "logo", logo.toString(), "Point <auth><logo> at a PNG or JPEG"),
                    "does not exist");
        }

        @Test
        void rejectsADirectory() {
            assertMentions(problem(withLogo(dir), "logo", dir.toString(), "Point <auth><logo> at a PNG or JPEG"),
                    "is not a file");
        }
    }

    @Nested
    class Access {
        @Test
        void keepsGroupsDomainsAndPaths() {
            StackSettings.Auth auth = valid().selfSignUp(true).spa(true).allowedGroups(List.of(" staff ", "partners"))
                    .allowedEmailDomains(List.of("Example.COM")).publicPaths(List.of("/public/*", "/favicon.ico"))
                    .validate().auth();
            assertEquals(new StackSettings.Auth(null, true, List.of("staff", "partners"), List.of("example.com"),
                    List.of("/public/*", "/favicon.ico"), true, false), auth);
        }

        @Test
        void selfSignUpWithoutAnAccessRuleIsRefused() {
            InvalidSettingException problem = problem(valid().selfSignUp(true).publicPaths(List.of("/public/*")),
                    "selfSignUp", "true", "Set <auth><allowedGroups> or <auth><allowedEmailDomains>");
            assertMentions(problem, "anyone on the internet");
            assertMentions(problem, "<allowAnyone>true</allowAnyone>");
        }

        @Test
        void selfSignUpWithGroupsOrEmailDomainsIsAccepted() {
            assertTrue(valid().selfSignUp(true).allowedGroups(List.of("staff")).validate().auth().selfSignUp());
            assertTrue(valid().selfSignUp(true).allowedEmailDomains(List.of("example.com")).validate().auth()
                    .selfSignUp());
        }

        @Test
        void selfSignUpForAnyoneIsAcceptedWhenSaid() {
            StackSettings.Auth auth = valid().selfSignUp(true).allowAnyone(true).validate().auth();
            assertTrue(auth.selfSignUp());
            assertTrue(auth.allowAnyone());
        }

        @Test
        void withoutSelfSignUpNoAccessRuleIsNeeded() {
            StackSettings.Auth auth = valid().validate().auth();
            assertEquals(false, auth.selfSignUp());
            assertEquals(false, auth.allowAnyone());
        }

        @Test
        void anEmptyGroupDoesNotCountAsAnAccessRule() {
            SettingsValidator.InvalidSettings invalid = assertThrows(SettingsValidator.InvalidSettings.class,
                    valid().selfSignUp(true).allowedGroups(List.of(" "))::validate);
            assertEquals(List.of("allowedGroups", "selfSignUp"),
                    invalid.problems().stream().map(InvalidSettingException::element).toList());
        }

        @ParameterizedTest
        @ValueSource(strings = {"public/*", "*.html"})
        void publicPathsStartAtTheRoot(String path) {
            problem(valid().publicPaths(List.of("/ok/*", path)), "publicPaths", path, "such as /public/*");
        }

        @ParameterizedTest
        @ValueSource(strings = {"@example.com", "example", "exa_mple.com"})
        void allowedEmailDomainsAreDnsNames(String domain) {
            problem(valid().allowedEmailDomains(List.of(domain)), "allowedEmailDomains", domain,
                    "the part after the @, such as example.com");
        }

        @Test
        void allowedGroupsAreNamed() {
            problem(valid().allowedGroups(List.of("staff", " ")), "allowedGroups", " ",
                    "Name each Cognito group in <auth><allowedGroups>");
        }
    }
}
