package dev.edgesite.core.users;

import dev.edgesite.core.settings.InvalidSettingException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whom to invite: an email address, which is also the user's sign-in name, and the Cognito groups to
 * put them in.
 */
public record Invitee(String email, List<String> groups) {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    /** Cognito's limit for user names, which the email is here. */
    private static final int MAX_EMAIL = 128;
    private static final Pattern GROUP = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]{1,128}");

    public Invitee {
        groups = List.copyOf(groups);
    }

    /** Checks what the user wrote; blank group entries are dropped. */
    public static Invitee of(String email, List<String> groups) {
        String address = email == null ? "" : email.strip();
        if (address.isEmpty()) {
            throw new InvalidSettingException("email", null, "is not set",
                    "Pass the address to invite, such as -Dedgesite.email=jane@example.com");
        }
        if (address.length() > MAX_EMAIL || !EMAIL.matcher(address).matches()) {
            throw new InvalidSettingException("email", address, "is not an email address",
                    "Pass one address of at most " + MAX_EMAIL
                            + " characters, such as -Dedgesite.email=jane@example.com");
        }
        List<String> names = groups == null ? List.of()
                : groups.stream().map(String::strip).filter(g -> !g.isEmpty()).distinct().toList();
        for (String group : names) {
            if (!GROUP.matcher(group).matches()) {
                throw new InvalidSettingException("groups", group, "is not a Cognito group name",
                        "Use 1-128 letters, digits and punctuation without spaces, and separate groups with commas,"
                                + " such as -Dedgesite.groups=staff,editors");
            }
        }
        return new Invitee(address, names);
    }

    /** The part after the @, lowercased. */
    public String domain() {
        return email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }
}
