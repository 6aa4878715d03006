package dev.batchtracker.session;

import java.util.List;
import java.util.function.Function;

/** One page of a listing; {@code nextCursor} is null on the last page. Cursors are opaque to clients. */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), nextCursor);
    }
}
