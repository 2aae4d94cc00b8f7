package dev.edgesite.core.sync;

/**
 * A preview was to be deployed, but the stack's distribution does not carry the previews' wildcard name: provision
 * has not run since previews were turned on, so the preview's URL would reach nothing. Refused before anything is
 * written.
 */
public final class PreviewsNotServedException extends SyncRefusedException {
    private final String wildcard;

    PreviewsNotServedException(String preview, String wildcard, String distributionId) {
        super("The stack's distribution " + distributionId + " does not serve " + wildcard + " yet, so preview "
                + preview + " would not be reachable: nothing was published. Run mvn edgesite:provision with"
                + " <previews><enabled>true</enabled></previews> (edgesite.previews.enabled) once, then deploy the"
                + " preview again.");
        this.wildcard = wildcard;
    }

    public String wildcard() {
        return wildcard;
    }
}
