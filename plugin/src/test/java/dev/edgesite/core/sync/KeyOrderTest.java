package dev.edgesite.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyOrderTest {
    @Test
    void ordersKeysAsTheirUtf8BytesDoEvenWhereJavaStringsDoNot() {
        List<String> keys = new ArrayList<>(List.of("b", "a/b", "a", "ab", "\uD83D\uDE00", "\uFFFD", "é", "z", "A", ""));
        keys.sort(KeyOrder.UTF8);

        List<String> byBytes = new ArrayList<>(keys);
        byBytes.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        assertEquals(byBytes, keys);
        assertEquals(List.of("", "A", "a", "a/b", "ab", "b", "z", "é", "\uFFFD", "\uD83D\uDE00"), keys);
        assertTrue("\uFFFD".compareTo("\uD83D\uDE00") > 0, "Java's own order puts them the other way round");
        assertEquals(0, KeyOrder.compare("same/ü", "same/ü"));
    }
}
