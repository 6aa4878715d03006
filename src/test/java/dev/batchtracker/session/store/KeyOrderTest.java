package dev.batchtracker.session.store;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The fast node-id comparator agrees with a plain code-point comparison on every pair, surrogates included. */
class KeyOrderTest {

    private static final char[] UNITS = {'a', 'b', '-', '0', 'é', '\u00ff', '\u0100', '\uD7FF', '\uE000', '\uFF21',
            '\uFFFF', '\uD83D', '\uDE00', '\uDBFF', '\uDFFF', '\uD800', '\uDC00'};

    @Test
    void nodeIdOrderEqualsCodePointOrder() {
        Random random = new Random(42);
        int compared = 0;
        for (int i = 0; i < 100_000; i++) {
            String a = randomText(random);
            String b = random.nextInt(4) == 0 ? a + randomText(random) : randomText(random);
            int expected = Integer.signum(byCodePoints(a, b));
            if (Integer.signum(KeyOrder.NODE_IDS.compare(a, b)) != expected) {
                fail("%s vs %s: expected %d", escape(a), escape(b), expected);
            }
            compared++;
        }
        assertThat(compared).isEqualTo(100_000);
    }

    @Test
    void supplementaryCharactersSortAfterTheTopOfTheBasicPlane() {
        assertThat(KeyOrder.NODE_IDS.compare("\uD83D\uDE00", "\uFF21")).isPositive();
        assertThat(KeyOrder.NODE_IDS.compare("\uFF21", "\uD83D\uDE00")).isNegative();
        assertThat("\uD83D\uDE00".compareTo("\uFF21")).as("String.compareTo gets this wrong").isNegative();
    }

    @Test
    void thePrefixEndIsTheLeastTextAboveEveryTextWithThePrefix() {
        assertThat(KeyOrder.prefixEnd("canvases/")).isEqualTo("canvases0");
        assertThat(KeyOrder.prefixEnd("a\uD7FF")).isEqualTo("a\uE000");
        assertThat(KeyOrder.prefixEnd("a\uFFFF")).isEqualTo("a" + Character.toString(0x10000));
        assertThat(KeyOrder.prefixEnd("a" + Character.toString(Character.MAX_CODE_POINT))).isEqualTo("b");
        assertThat(KeyOrder.prefixEnd(Character.toString(Character.MAX_CODE_POINT))).isNull();
        assertThat(KeyOrder.prefixEnd("")).isNull();
        Random random = new Random(12);
        int[] points = {'a', 'z', '/', 0x7F, 0xFF, 0xD7FF, 0xE000, 0xFFFF, 0x10000, Character.MAX_CODE_POINT};
        for (int i = 0; i < 2_000; i++) {
            StringBuilder prefix = new StringBuilder();
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(4); n > 0; n--) {
                prefix.appendCodePoint(points[random.nextInt(points.length)]);
            }
            text.append(prefix);
            for (int n = random.nextInt(4); n > 0; n--) {
                text.appendCodePoint(points[random.nextInt(points.length)]);
            }
            String end = KeyOrder.prefixEnd(prefix.toString());
            if (end != null) {
                assertThat(KeyOrder.NODE_IDS.compare(text.toString(), end))
                        .as("%s < end of %s", escape(text.toString()), escape(prefix.toString())).isNegative();
            }
        }
    }

    private static String randomText(Random random) {
        int length = random.nextInt(6);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(3) == 0) {
                sb.appendCodePoint(0x10000 + random.nextInt(0x100000)); // a valid surrogate pair
            } else {
                sb.append(UNITS[random.nextInt(UNITS.length)]);
            }
        }
        return sb.toString();
    }

    private static int byCodePoints(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(String.format("\\u%04x", c)));
        return sb.toString();
    }
}
