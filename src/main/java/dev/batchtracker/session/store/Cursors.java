package dev.batchtracker.session.store;

import dev.batchtracker.session.InvalidRequestException;
import dev.batchtracker.session.Page;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/** Opaque cursors: the last key of a page, base64url-encoded, so clients cannot build or depend on them. */
public final class Cursors {
    private Cursors() {
    }

    public static String encode(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the decoded key, or null for a null cursor; a cursor this service did not make is a 400. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("cursor", "cursor is not one this service issued");
        }
    }

    /**
     * The page of a listing that fetched up to {@code limit + 1} items in order: one more than the limit means there
     * is a next page, which starts after the key of the page's last item.
     */
    public static <T> Page<T> page(List<T> fetched, int limit, Function<? super T, String> keyOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> page = fetched.subList(0, limit);
        return new Page<>(page, encode(keyOf.apply(page.get(limit - 1))));
    }
}
