package dev.batchtracker.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When things happened to one session. Immutable, and set only by name ({@link #builder()}, {@link #toBuilder()}):
 * seven instants in a row would let two of them trade places without the compiler noticing.
 * <p>
 * Created, updated, last activity and expiry are always known; started, finished, last node finished and compacted
 * are null until they happen.
 */
public final class Timeline {

    private final Instant createdAt;
    private final Instant updatedAt;
    private final Instant lastActivityAt;
    private final Instant startedAt;
    private final Instant finishedAt;
    private final Instant lastNodeFinishedAt;
    private final Instant expiresAt;
    private final Instant compactedAt;

    private Timeline(Builder b) {
        createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        updatedAt = Objects.requireNonNull(b.updatedAt, "updatedAt");
        lastActivityAt = Objects.requireNonNull(b.lastActivityAt, "lastActivityAt");
        startedAt = b.startedAt;
        finishedAt = b.finishedAt;
        lastNodeFinishedAt = b.lastNodeFinishedAt;
        expiresAt = Objects.requireNonNull(b.expiresAt, "expiresAt");
        compactedAt = b.compactedAt;
    }

    /** A new session's: created, written and active at {@code at}, expiring at {@code expiresAt}. */
    public static Timeline created(Instant at, Instant expiresAt) {
        return builder().createdAt(at).updatedAt(at).lastActivityAt(at).expiresAt(expiresAt).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().createdAt(createdAt).updatedAt(updatedAt).lastActivityAt(lastActivityAt)
                .startedAt(startedAt).finishedAt(finishedAt).lastNodeFinishedAt(lastNodeFinishedAt)
                .expiresAt(expiresAt).compactedAt(compactedAt);
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The last versioned change. */
    public Instant updatedAt() {
        return updatedAt;
    }

    /** The last write of any kind, heartbeats included; drives staleness and expiry. */
    public Instant lastActivityAt() {
        return lastActivityAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    /** When the latest terminal node report arrived; drives throughput. */
    public Instant lastNodeFinishedAt() {
        return lastNodeFinishedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** When the store compacted the finished session (dropped its node results); null while it holds them all. */
    public Instant compactedAt() {
        return compactedAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Timeline t
                && createdAt.equals(t.createdAt)
                && updatedAt.equals(t.updatedAt)
                && lastActivityAt.equals(t.lastActivityAt)
                && Objects.equals(startedAt, t.startedAt)
                && Objects.equals(finishedAt, t.finishedAt)
                && Objects.equals(lastNodeFinishedAt, t.lastNodeFinishedAt)
                && expiresAt.equals(t.expiresAt)
                && Objects.equals(compactedAt, t.compactedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(createdAt, updatedAt, lastActivityAt, startedAt, finishedAt, lastNodeFinishedAt,
                expiresAt, compactedAt);
    }

    @Override
    public String toString() {
        return "Timeline[createdAt=" + createdAt + ", updatedAt=" + updatedAt + ", lastActivityAt=" + lastActivityAt
                + ", startedAt=" + startedAt + ", finishedAt=" + finishedAt + ", lastNodeFinishedAt="
                + lastNodeFinishedAt + ", expiresAt=" + expiresAt + ", compactedAt=" + compactedAt + "]";
    }

    /** Every instant by name; {@link #build()} refuses a timeline without created, updated, activity or expiry. */
    public static final class Builder {
        private Instant createdAt;
        private Instant updatedAt;
        private Instant lastActivityAt;
        private Instant startedAt;
        private Instant finishedAt;
        private Instant lastNodeFinishedAt;
        private Instant expiresAt;
        private Instant compactedAt;

        private Builder() {
        }

        public Builder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        public Builder updatedAt(Instant value) {
            updatedAt = value;
            return this;
        }

        public Builder lastActivityAt(Instant value) {
            lastActivityAt = value;
            return this;
        }

        public Builder startedAt(Instant value) {
            startedAt = value;
            return this;
        }

        public Builder finishedAt(Instant value) {
            finishedAt = value;
            return this;
        }

        public Builder lastNodeFinishedAt(Instant value) {
            lastNodeFinishedAt = value;
            return this;
        }

        public Builder expiresAt(Instant value) {
            expiresAt = value;
            return this;
        }

        public Builder compactedAt(Instant value) {
            compactedAt = value;
            return this;
        }

        public Timeline build() {
            return new Timeline(this);
        }
    }
}
