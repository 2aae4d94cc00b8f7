package dev.edgesite.core.aws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An XML document as S3 answers it (listings, errors, copy and delete results), read whole into a
 * tree of elements and their text. Attributes and namespaces are skipped; a DTD is refused, so no
 * entity but XML's own five and character references is ever expanded.
 *
 * <p>A purpose-built reader rather than the JDK's StAX: a sync reads a listing page of a thousand
 * objects in a JVM that has barely started, where the general parser spends more time warming up
 * than the page takes to arrive; this one reads a page in a few milliseconds from the first.
 */
record XmlElement(String name, String text, List<XmlElement> children) {

    /** The document is not the well-formed XML it should be. */
    static final class MalformedXmlException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedXmlException(String message, int offset) {
            super(message + " at byte " + offset);
        }
    }

    static XmlElement parse(byte[] xml) throws MalformedXmlException {
        return new Reader(xml).document();
    }

    List<XmlElement> children(String childName) {
        List<XmlElement> named = new ArrayList<>();
        for (XmlElement c : children) {
            if (c.name.equals(childName)) {
                named.add(c);
            }
        }
        return named;
    }

    /** The text of the first child of that name, or null when there is none. */
    String text(String childName) {
        for (XmlElement c : children) {
            if (c.name.equals(childName)) {
                return c.text;
            }
        }
        return null;
    }

    private static final class Open {
        final String name;
        final StringBuilder text = new StringBuilder();
        final List<XmlElement> children = new ArrayList<>();

        Open(String name) {
            this.name = name;
        }

        XmlElement close() {
            return new XmlElement(name, text.toString(), children.isEmpty() ? List.of() : children);
        }
    }

    private static final class Reader {
        private final byte[] in;
        private int at;

        Reader(byte[] in) {
            this.in = in;
        }

        XmlElement document() throws MalformedXmlException {
            Deque<Open> open = new ArrayDeque<>();
            while (at < in.length) {
                if (in[at] != '<') {
                    int end = indexOf('<', at);
                    if (!open.isEmpty()) {
                        decode(at, end, open.peek().text);
                    } else if (!blank(at, end)) {
                        throw new MalformedXmlException("text outside the root element", at);
                    }
                    at = end;
                } else if (startsWith("<?")) {
                    at = after("?>");
                } else if (startsWith("<!--")) {
                    at = after("-->");
                } else if (startsWith("<![CDATA[")) {
                    int end = find("]]>", at);
                    if (open.isEmpty()) {
                        throw new MalformedXmlException("CDATA outside the root element", at);
                    }
                    open.peek().text.append(new String(in, at + 9, end - at - 9, StandardCharsets.UTF_8));
                    at = end + 3;
                } else if (startsWith("<!")) {
                    throw new MalformedXmlException("a document type declaration is not accepted", at);
                } else if (startsWith("</")) {
                    int end = indexOf('>', at);
                    String name = new String(in, at + 2, end - at - 2, StandardCharsets.UTF_8).strip();
                    if (open.isEmpty() || !open.peek().name.equals(name)) {
                        throw new MalformedXmlException("</" + name + "> closes no open element of that name", at);
                    }
                    at = end + 1;
                    XmlElement done = open.pop().close();
                    if (open.isEmpty()) {
                        if (!blank(at, in.length)) {
                            throw new MalformedXmlException("content after the root element", at);
                        }
                        return done;
                    }
                    open.peek().children.add(done);
                } else {
                    int end = indexOf('>', at);
                    boolean empty = in[end - 1] == '/';
                    int nameEnd = at + 1;
                    while (nameEnd < end && !whitespace(in[nameEnd]) && in[nameEnd] != '/') {
                        nameEnd++;
                    }
                    if (nameEnd == at + 1) {
                        throw new MalformedXmlException("an element without a name", at);
                    }
                    Open element = new Open(new String(in, at + 1, nameEnd - at - 1, StandardCharsets.UTF_8));
                    at = end + 1;
                    if (!empty) {
                        open.push(element);
                    } else if (open.isEmpty()) {
                        return element.close();
                    } else {
                        open.peek().children.add(element.close());
                    }
                }
            }
            throw new MalformedXmlException(open.isEmpty() ? "no root element" : "<" + open.peek().name
                    + "> is never closed", at);
        }

        /** Appends the text between the offsets with its entity and character references resolved. */
        private void decode(int from, int to, StringBuilder text) throws MalformedXmlException {
            int amp = indexOf('&', from, to);
            if (amp < 0) {
                text.append(new String(in, from, to - from, StandardCharsets.UTF_8));
                return;
            }
            StringBuilder raw = new StringBuilder(new String(in, from, to - from, StandardCharsets.UTF_8));
            for (int i = raw.indexOf("&"); i >= 0; i = raw.indexOf("&", i + 1)) {
                int semi = raw.indexOf(";", i);
                if (semi < 0) {
                    throw new MalformedXmlException("an unterminated reference", from);
                }
                String ref = raw.substring(i + 1, semi);
                String value = switch (ref) {
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "amp" -> "&";
                    case "quot" -> "\"";
                    case "apos" -> "'";
                    default -> character(ref, from);
                };
                raw.replace(i, semi + 1, value);
            }
            text.append(raw);
        }

        private static String character(String ref, int offset) throws MalformedXmlException {
            try {
                if (ref.startsWith("#x")) {
                    return Character.toString(Integer.parseInt(ref.substring(2), 16));
                }
                if (ref.startsWith("#")) {
                    return Character.toString(Integer.parseInt(ref.substring(1)));
                }
            } catch (IllegalArgumentException e) {
                throw new MalformedXmlException("a bad character reference &" + ref + ";", offset);
            }
            throw new MalformedXmlException("an unknown entity &" + ref + ";", offset);
        }

        private boolean startsWith(String s) {
            if (at + s.length() > in.length) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (in[at + i] != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private int after(String s) throws MalformedXmlException {
            return find(s, at) + s.length();
        }

        private int find(String s, int from) throws MalformedXmlException {
            for (int i = from; i + s.length() <= in.length; i++) {
                int j = 0;
                while (j < s.length() && in[i + j] == s.charAt(j)) {
                    j++;
                }
                if (j == s.length()) {
                    return i;
                }
            }
            throw new MalformedXmlException("missing " + s, from);
        }

        private int indexOf(char c, int from) throws MalformedXmlException {
            int i = indexOf(c, from, in.length);
            if (i < 0) {
                if (c == '<') {
                    return in.length;
                }
                throw new MalformedXmlException("missing " + c, from);
            }
            return i;
        }

        private int indexOf(char c, int from, int to) {
            for (int i = from; i < to; i++) {
                if (in[i] == c) {
                    return i;
                }
            }
            return -1;
        }

        private boolean blank(int from, int to) {
            for (int i = from; i < to; i++) {
                if (!whitespace(in[i])) {
                    return false;
                }
            }
            return true;
        }

        private static boolean whitespace(byte b) {
            return b == ' ' || b == '\t' || b == '\n' || b == '\r';
        }
    }
}
