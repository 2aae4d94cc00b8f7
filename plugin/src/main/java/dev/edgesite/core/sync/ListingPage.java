package dev.edgesite.core.sync;

import java.util.List;

/**
 * One page of a bucket listing, as one ListObjectsV2 request answers it: the objects, the common prefixes a
 * delimiter rolled keys up into (decoded, in the store's order), and the token for the next page, or null on the
 * last.
 */
public record ListingPage(List<ListedObject> objects, List<String> commonPrefixes, String nextToken) {
    public ListingPage {
        objects = List.copyOf(objects);
        commonPrefixes = List.copyOf(commonPrefixes);
    }
}
