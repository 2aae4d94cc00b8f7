package dev.edgesite.core.aws;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The tag every edgesite resource carries, and reading tag lists of any service's shape. */
public final class Tags {
    public static final String STACK = "edgesite:stack";
    /** On the user pool: the SHA-256 of the login page's logo, so an unchanged logo is not sent again. */
    public static final String LOGO = "edgesite:logo-sha256";

    private Tags() {}

    /** Reads tags into a map; a resource with no tag set (an error on some services) reads as empty. */
    static <T> Map<String, String> read(Supplier<? extends Collection<T>> tags, Function<T, String> key,
            Function<T, String> value) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (T t : tags.get()) {
                out.put(key.apply(t), value.apply(t));
            }
        } catch (AwsServiceException e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        return out;
    }
}
