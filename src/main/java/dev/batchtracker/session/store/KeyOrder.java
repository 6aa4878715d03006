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

    /**
     * The least string above every string that starts with {@code prefix}, in code-point (UTF-8 byte) order: the
     * prefix with its last code point raised by one, dropping trailing U+10FFFF. Null when no string is above them
     * all (an empty prefix, or one of U+10FFFF only). A prefix match is then the range {@code [prefix, end)}, which
     * a sorted index answers directly.
     */
    public static String prefixEnd(String prefix) {
        int end = prefix.length();
        while (end > 0) {
            int last = prefix.codePointBefore(end);
            int start = end - Character.charCount(last);
            if (last < Character.MAX_CODE_POINT) {
                int next = last + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : last + 1;
                return prefix.substring(0, start) + Character.toString(next);
            }
            end = start;
        }
        return null;
    }

    /**
     * Compares UTF-16 units, which agrees with code-point order except where the first differing units are both
     * from U+D800 up and one is a surrogate; only then does it compare by code points. This comparator runs a dozen
     * times per node lookup in the in-memory store, so the common case is a plain char loop.
     */
    private static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int k = 0; k < n; k++) {
            char x = a.charAt(k);
            char y = b.charAt(k);
            if (x != y) {
                if (x >= Character.MIN_SURROGATE && y >= Character.MIN_SURROGATE
                        && (Character.isSurrogate(x) || Character.isSurrogate(y))) {
                    return byCodePoints(a, b);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private static int byCodePoints(String a, String b) {
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
