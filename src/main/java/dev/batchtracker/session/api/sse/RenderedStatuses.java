package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.Session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Status events recently rendered, so one version is rendered and framed once for all the subscribers of its
 * session instead of once per subscriber: that was the bulk of a fan-out's work (bench/FINDINGS.md).
 * <p>
 * A version of a session fixes its content but for its last activity (a heartbeat makes no version), and the
 * document's derived figures (stale, ETA, throughput) depend on the time: so a rendering is reused for at most
 * {@link #MAX_AGE} of the service's clock, and can be that much behind. A fixed number of slots, chosen by
 * session: memory stays bounded, and a collision costs only a rendering.
 */
final class RenderedStatuses<T> {

    static final Duration MAX_AGE = Duration.ofSeconds(1);
    private static final int SLOTS = 256; // a power of two

    private record Rendered<T>(UUID taskId, long version, Instant at, T rendering) {
    }

    private final AtomicReferenceArray<Rendered<T>> slots = new AtomicReferenceArray<>(SLOTS);
    private final Clock clock;

    RenderedStatuses(Clock clock) {
        this.clock = clock;
    }

    /** The rendering of this version of the session: a recent one, or {@code render}'s, kept for the next caller. */
    T of(Session session, Function<Session, T> render) {
        Instant now = clock.instant();
        int slot = session.id().hashCode() & (SLOTS - 1);
        Rendered<T> cached = slots.get(slot);
        if (cached != null && cached.version() == session.version() && cached.taskId().equals(session.id())
                && !now.isBefore(cached.at()) && !now.isAfter(cached.at().plus(MAX_AGE))) {
            return cached.rendering();
        }
        T rendering = render.apply(session);
        slots.set(slot, new Rendered<>(session.id(), session.version(), now, rendering));
        return rendering;
    }
}
