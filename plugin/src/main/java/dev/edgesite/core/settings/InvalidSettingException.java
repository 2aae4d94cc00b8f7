package dev.edgesite.core.settings;

/**
 * A setting the user must change: names the pom element, the value it had and the fix. Raised
 * before any AWS call that writes.
 */
public final class InvalidSettingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String element;
    private final String value;
    private final String fix;

    public InvalidSettingException(String element, Object value, String problem, String fix) {
        super("<" + element + ">" + (value == null ? "" : " '" + value + "'") + ": " + problem + ". " + fix);
        this.element = element;
        this.value = value == null ? null : value.toString();
        this.fix = fix;
    }

    public String element() {
        return element;
    }

    public String value() {
        return value;
    }

    public String fix() {
        return fix;
    }
}
