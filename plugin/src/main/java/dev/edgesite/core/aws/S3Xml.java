package dev.edgesite.core.aws;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * The XML of S3's answers and of the one request body a sync sends, through the JDK's StAX. S3's answers
 * are shallow: a root, some simple fields, and repeated records of simple fields ({@code Contents} in a
 * listing, {@code Error} in a delete's result). That is all this reads: deeper elements are skipped.
 *
 * @param root the root element's local name ({@code Error} for an error)
 * @param fields the text of the root's children that are not records; the last one wins
 * @param records the records in document order
 */
record S3Xml(String root, Map<String, String> fields, List<Record> records) {
    private static final XMLInputFactory INPUT = inputFactory();
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    /** One repeated element: its name and the text of its children. */
    record Record(String name, Map<String, String> fields) {
        String text(String field) {
            return fields.get(field);
        }
    }

    String text(String field) {
        return fields.get(field);
    }

    List<Record> records(String name) {
        return records.stream().filter(r -> r.name().equals(name)).toList();
    }

    /** Reads a document whose children named in {@code recordNames} are records. */
    static S3Xml read(byte[] document, Set<String> recordNames) throws XMLStreamException {
        XMLStreamReader in = INPUT.createXMLStreamReader(new ByteArrayInputStream(document));
        try {
            String root = null;
            Map<String, String> fields = new HashMap<>();
            List<Record> records = new ArrayList<>();
            Map<String, String> record = null;
            int depth = 0;
            StringBuilder text = new StringBuilder();
            while (in.hasNext()) {
                switch (in.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        text.setLength(0);
                        String name = in.getLocalName();
                        if (depth == 1) {
                            root = name;
                        } else if (depth == 2 && recordNames.contains(name)) {
                            record = new HashMap<>();
                            records.add(new Record(name, record));
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            text.append(in.getText());
                    case XMLStreamConstants.END_ELEMENT -> {
                        String name = in.getLocalName();
                        if (depth == 2 && record == null) {
                            fields.put(name, text.toString());
                        } else if (depth == 2) {
                            record = null;
                        } else if (depth == 3 && record != null) {
                            record.put(name, text.toString());
                        }
                        text.setLength(0);
                        depth--;
                    }
                    default -> {
                        // comments, processing instructions, the declaration: nothing S3 says
                    }
                }
            }
            if (root == null) {
                throw new XMLStreamException("no root element");
            }
            return new S3Xml(root, fields, records);
        } finally {
            in.close();
        }
    }

    /**
     * The body of DeleteObjects for the keys, quiet (S3 lists only the failures). Every key must be
     * {@link #representable}; a carriage return goes as a character reference, since an XML reader turns
     * a literal one into a line feed.
     */
    static byte[] deleteRequest(List<String> keys) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + keys.size() * 64);
        try {
            XMLStreamWriter out = OUTPUT.createXMLStreamWriter(bytes, "UTF-8");
            out.writeStartDocument("UTF-8", "1.0");
            out.writeStartElement("Delete");
            out.writeDefaultNamespace("http://s3.amazonaws.com/doc/2006-03-01/");
            out.writeStartElement("Quiet");
            out.writeCharacters("true");
            out.writeEndElement();
            for (String key : keys) {
                out.writeStartElement("Object");
                out.writeStartElement("Key");
                int from = 0;
                for (int cr = key.indexOf('\r'); cr >= 0; cr = key.indexOf('\r', from)) {
                    out.writeCharacters(key.substring(from, cr));
                    out.writeEntityRef("#13");
                    from = cr + 1;
                }
                out.writeCharacters(key.substring(from));
                out.writeEndElement();
                out.writeEndElement();
            }
            out.writeEndElement();
            out.writeEndDocument();
            out.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing a delete request failed", e);
        }
        return bytes.toByteArray();
    }

    /** Whether XML 1.0 can carry the key at all: it has no way to write most control characters. */
    static boolean representable(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= key.length() || !Character.isLowSurrogate(key.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** No DTDs and no external entities: an answer cannot make the reader fetch or expand anything. */
    private static XMLInputFactory inputFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }
}
