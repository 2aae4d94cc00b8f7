package dev.edgesite.core.policy;

import com.nimbusds.jose.util.JSONStringUtils;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON of maps, lists, strings, numbers and booleans, indented two spaces, for people to read. */
final class PrettyJson {
    private static final String INDENT = "  ";

    private PrettyJson() {}

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, "", out);
        return out.append('\n').toString();
    }

    private static void write(Object value, String indent, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            block(map.entrySet().iterator(), '{', '}', indent, out, (entry, inner) -> {
                out.append(JSONStringUtils.toJSONString(String.valueOf(entry.getKey()))).append(": ");
                write(entry.getValue(), inner, out);
            });
        } else if (value instanceof List<?> list) {
            block(list.iterator(), '[', ']', indent, out, (item, inner) -> write(item, inner, out));
        } else if (value instanceof String text) {
            out.append(JSONStringUtils.toJSONString(text));
        } else {
            out.append(value);
        }
    }

    private interface Member<T> {
        void write(T member, String indent);
    }

    private static <T> void block(Iterator<T> members, char open, char close, String indent, StringBuilder out,
            Member<T> member) {
        out.append(open);
        if (!members.hasNext()) {
            out.append(close);
            return;
        }
        String inner = indent + INDENT;
        while (members.hasNext()) {
            out.append('\n').append(inner);
            member.write(members.next(), inner);
            if (members.hasNext()) {
                out.append(',');
            }
        }
        out.append('\n').append(indent).append(close);
    }
}
