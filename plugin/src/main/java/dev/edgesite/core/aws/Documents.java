package dev.edgesite.core.aws;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;

/** JSON documents (policies) compared by meaning, not layout. */
final class Documents {
    private Documents() {}

    static boolean same(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        try {
            return JSONObjectUtils.parse(a).equals(JSONObjectUtils.parse(b));
        } catch (ParseException e) {
            return false;
        }
    }
}
