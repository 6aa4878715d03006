package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.Tombstone;
import dev.batchtracker.session.store.SessionFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A feed stream's conflation, from the server's side: what a slow client costs, and what it gets when it reads. */
class FeedStreamTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Frames as text: "status id task version" / "gone id task". */
    private static final class TextFrames implements FeedStream.Frames<String> {
        @Override
        public String listed(Session session) {
            return status(null, session);
        }

        @Override
        public String snapshot(long position, String nextCursor) {
            return "snapshot " + position;
        }

        @Override
        public String status(Long id, Session session) {
            return "status " + id + " " + session.id() + " " + session.version();
        }

        @Override
        public String gone(Long id, Tombstone tombstone) {
            return "gone " + id + " " + tombstone.taskId();
        }

        @Override
        public String heartbeat() {
            return "heartbeat";
        }

        @Override
        public String withRetry(String frame) {
            return frame;
        }
    }

    /** Takes one frame and then asks for more only when told. */
    private static final class SlowReader implements Flow.Subscriber<String> {
        final List<String> received = new ArrayList<>();
        final AtomicBoolean completed = new AtomicBoolean();
        Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(String item) {
            received.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            throw new AssertionError(throwable);
        }

        @Override
        public void onComplete() {
            completed.set(true);
        }
    }

    private final AtomicInteger ended = new AtomicInteger();
    private final FeedStream<String> stream = new FeedStream<>(new TextFrames(), 3, s -> ended.incrementAndGet());

    @Test
    void aSlowReaderCostsOneEventPerSessionAndGetsTheLatestInSequenceOrder() {
        SlowReader reader = new SlowReader();
        stream.subscribe(reader);
        List<Session> sessions = List.of(session(), session(), session());
        long seq = 0;
        for (int version = 1; version <= 1_000; version++) {
            for (Session s : sessions) {
                stream.status(++seq, SessionFixture.at(T0).id(s.id()).version(version).build());
            }
        }
        assertThat(reader.received).hasSize(1); // the first event, taken while the rest piled up
        assertThat(stream.pendingCount()).isEqualTo(3);

        reader.subscription.request(10);

        assertThat(reader.received.subList(1, reader.received.size())).containsExactly(
                "status 2998 " + sessions.get(0).id() + " 1000",
                "status 2999 " + sessions.get(1).id() + " 1000",
                "status 3000 " + sessions.get(2).id() + " 1000");
        assertThat(stream.pendingCount()).isZero();
    }

    @Test
    void aChangedSessionMovesBehindTheOthersSoIdsOnlyGrow() {
        SlowReader reader = new SlowReader();
        stream.subscribe(reader);
        Session a = session();
        Session b = session();
        stream.gone(1, new Tombstone(UUID.randomUUID(), GoneReason.DELETED, T0, T0)); // taken at once
        stream.status(2, a);
        stream.status(3, b);
        stream.status(4, SessionFixture.at(T0).id(a.id()).version(2).build());

        reader.subscription.request(10);

        assertThat(reader.received.subList(1, 3)).containsExactly(
                "status 3 " + b.id() + " 1", "status 4 " + a.id() + " 2");
    }

    @Test
    void pastTheBoundTheStreamEndsInsteadOfGrowing() {
        SlowReader reader = new SlowReader();
        stream.subscribe(reader);
        for (int i = 0; i <= FeedStream.MAX_PENDING + 1; i++) {
            stream.status(i + 1, session());
        }

        assertThat(reader.completed).as("ended cleanly: the client resumes with its last id").isTrue();
        assertThat(ended.get()).isEqualTo(1);
        assertThat(stream.pendingCount()).isZero();
    }

    private static Session session() {
        return SessionFixture.at(T0).build();
    }
}
