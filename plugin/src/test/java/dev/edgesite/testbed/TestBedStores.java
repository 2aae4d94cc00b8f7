package dev.edgesite.testbed;

import org.junit.jupiter.api.extension.ExtensionContext;

final class TestBedStores {
    private TestBedStores() {}

    /** The store of the test class (not of the method), so servers live as long as the class. */
    static ExtensionContext.Store classStore(ExtensionContext context, ExtensionContext.Namespace ns) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c.getStore(ns);
    }
}
