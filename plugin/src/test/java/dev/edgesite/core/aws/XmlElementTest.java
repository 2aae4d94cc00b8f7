package dev.edgesite.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XmlElementTest {
    @Test
    void readsAListingPageWithItsReferencesResolved() throws Exception {
        XmlElement page = parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name><Prefix/>"
                + "<IsTruncated>true</IsTruncated><NextContinuationToken>a/b+c==</NextContinuationToken>"
                + "<!-- a comment --><Contents><Key>docs/a%20b.html</Key><ETag>&quot;0cc1&quot;</ETag><Size>12</Size>"
                + "</Contents>\n  <Contents><Key>x&amp;y &lt;z&gt; &#252;&#x00fc;</Key><ETag>\"e-2\"</ETag><Size>0</Size>"
                + "</Contents><Note><![CDATA[<kept as is> & so]]></Note></ListBucketResult>\n");

        assertEquals("ListBucketResult", page.name());
        assertEquals("", page.text("Prefix"));
        assertEquals("true", page.text("IsTruncated"));
        assertEquals("a/b+c==", page.text("NextContinuationToken"));
        List<XmlElement> contents = page.children("Contents");
        assertEquals(2, contents.size());
        assertEquals("docs/a%20b.html", contents.get(0).text("Key"));
        assertEquals("\"0cc1\"", contents.get(0).text("ETag"));
        assertEquals("x&y <z> üü", contents.get(1).text("Key"));
        assertEquals("<kept as is> & so", page.text("Note"));
        assertNull(page.text("Missing"));
    }

    @Test
    void readsAnErrorWithUnicodeText() throws Exception {
        XmlElement error = parse("<Error><Code>NoSuchKey</Code><Message>Schlüssel fehlt</Message></Error>");

        assertEquals("NoSuchKey", error.text("Code"));
        assertEquals("Schlüssel fehlt", error.text("Message"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "   ", "<a>", "<a></b>", "<a>x</a><b/>", "<a>&bogus;</a>", "<a>&#xZZ;</a>", "text<a/>",
            "<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>", "<a><!-- open", "<a>&amp</a>"})
    void refusesWhatIsNotWellFormedOrDeclaresEntities(String xml) {
        assertThrows(XmlElement.MalformedXmlException.class, () -> parse(xml));
    }

    @Test
    void readsListingTimestampsWithAndWithoutFractions() {
        assertEquals(Instant.parse("2026-11-24T05:39:26Z"), S3Site.timestamp("2026-11-24T05:39:26Z"));
        assertEquals(Instant.parse("2026-11-24T05:39:26.250Z"), S3Site.timestamp("2026-11-24T05:39:26.250Z"));
        assertEquals(Instant.parse("2024-02-29T23:59:59.999Z"), S3Site.timestamp("2024-02-29T23:59:59.999Z"));
        assertEquals(Instant.parse("2026-11-24T05:39:26.123456Z"), S3Site.timestamp("2026-11-24T05:39:26.123456Z"),
                "other shapes go to the general parser");
        assertThrows(RuntimeException.class, () -> S3Site.timestamp("2026-13-24T05:39:26Z"));
        assertThrows(RuntimeException.class, () -> S3Site.timestamp("2026-11-24T05:3x:26Z"));
    }

    @Test
    void escapesWhatADeleteRequestsKeysMustNotCarryRaw() {
        assertEquals("a&amp;b&lt;c&gt;&quot;d&apos;e&#13;f", S3Site.escape("a&b<c>\"d'e\rf"));
        assertTrue(S3Site.escape("plain/ü.html").equals("plain/ü.html"));
    }

    private static XmlElement parse(String xml) throws XmlElement.MalformedXmlException {
        return XmlElement.parse(xml.getBytes(StandardCharsets.UTF_8));
    }
}
