package dev.edgesite.core.sync;

/** An object whose bytes are right but whose headers must become the wanted ones. */
record HeaderFix(SiteObject wanted, StoredContent current) {
    String key() {
        return wanted.key();
    }
}
