package dev.batchtracker.session.store;

import java.util.Comparator;
import java.util.UUID;

/**
 * The orders listings follow, spelled out so that every store sorts alike: an in-memory index, SQL with a binary
 * ("C") collation and Redis lexicographic ranges all compare bytes, which Java's own {@code compareTo} does not.
 */
public final class KeyOrder {

    /**
     * Node ids by Unicode code point, which equals UTF-8 byte order. {@link String#compareTo} compares UTF-16 units
     * and so puts characters above U+FFFF before U+E000–U+FFFF; a locale collation ignores case and punctuation.
     */
    public static final Comparator<String> NODE_IDS = KeyOrder::compareCodePoints;

    /**
     * Session ids in the order of their text form, which equals the unsigned byte order of a uuid column.
     * {@link UUID#compareTo} compares signed longs, so ids from 8… to f… would sort first.
     */
    public static final Comparator<UUID> SESSION_IDS = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    private KeyOrder() {
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
