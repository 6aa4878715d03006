package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.events.SessionEvent;
import dev.batchtracker.session.store.SessionFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-subscriber stream on its own: ordering, conflation, Last-Event-ID, heartbeat priority, endings. */
class ConflatingStreamTest {

    private static final UUID ID = UUID.randomUUID();
    private static final int TICKS_ALLOWED = 2;

    private final AtomicInteger ends = new AtomicInteger();
    private final AtomicInteger hubCloses = new AtomicInteger();

    @Test
    void firstEventCarriesRetryThenOneEventPerNewerVersion() {
        ConflatingStream<String> stream = stream(null);
        Recorder client = Recorder.subscribe(stream, Long.MAX_VALUE);

        stream.offer(session(1, SessionStatus.PENDING));
        stream.offer(session(2, SessionStatus.RUNNING));
        stream.offer(session(3, SessionStatus.RUNNING));

        assertThat(client.frames).containsExactly("status:1:retry", "status:2", "status:3");
        assertThat(client.completed).isFalse();
    }

    @Test
    void aClientWithoutDemandHoldsOneSnapshotNotAQueue() {
        ConflatingStream<String> stream = stream(null);
        Recorder client = Recorder.subscribe(stream, 1);
        stream.offer(session(1, SessionStatus.RUNNING));
        assertThat(client.frames).containsExactly("status:1:retry");

        for (long version = 2; version <= 10_001; version++) {
            stream.offer(session(version, SessionStatus.RUNNING));
            assertThat(stream.pendingVersion()).isEqualTo(version); // one slot, replaced, never a list
        }
        assertThat(client.frames).hasSize(1);

        client.request(1);
        assertThat(client.frames).containsExactly("status:1:retry", "status:10001");
        assertThat(stream.pendingVersion()).isNull();
        client.request(1);
        assertThat(client.frames).hasSize(2);
    }

    @Test
    void anOlderVersionArrivingLateIsNeverSent() {
        ConflatingStream<String> stream = stream(null);
        Recorder client = Recorder.subscribe(stream, 1);

        stream.offer(session(5, SessionStatus.RUNNING));
        stream.offer(session(4, SessionStatus.RUNNING)); // a slower writer's publish, after the newer one
        client.request(1);
        stream.offer(session(3, SessionStatus.RUNNING));
        stream.offer(session(5, SessionStatus.RUNNING)); // the same version twice: the snapshot raced the hub
        client.request(5);

        assertThat(client.frames).containsExactly("status:5:retry");
    }

    @Test
    void lastEventIdWithholdsTheSnapshotUntilThereIsANewerVersion() {
        ConflatingStream<String> stream = stream(7L);
        Recorder client = Recorder.subscribe(stream, Long.MAX_VALUE);

        stream.offer(session(7, SessionStatus.RUNNING));
        assertThat(client.frames).isEmpty();

        stream.offer(session(8, SessionStatus.RUNNING));
        assertThat(client.frames).containsExactly("status:8:retry");
    }

    @Test
    void aHeartbeatNeverDisplacesAPendingStatus() {
        ConflatingStream<String> stream = stream(null);
        Recorder client = Recorder.subscribe(stream, 1);
        stream.offer(session(1, SessionStatus.RUNNING));

        stream.offer(session(2, SessionStatus.RUNNING));
        stream.tick();
        client.request(1);
        assertThat(client.frames).containsExactly("status:1:retry", "status:2");

        client.request(1); // the status already kept the connection busy: no heartbeat owed
        assertThat(client.frames).hasSize(2);

        stream.tick();
        assertThat(client.frames).containsExactly("status:1:retry", "status:2", "heartbeat");
    }

    @Test
    void heartbeatsAreSentWhileTheSnapshotIsWithheld() {
        ConflatingStream<String> stream = stream(3L);
        Recorder client = Recorder.subscribe(stream, Long.MAX_VALUE);
        stream.offer(session(3, SessionStatus.RUNNING));

        stream.tick();
        stream.tick();

        assertThat(client.frames).containsExactly("heartbeat", "heartbeat");
    }

    @Test
    void theStreamEndsAfterTheEventCarryingATerminalStatus() {
        ConflatingStream<String> stream = stream(null);
        Recorder client = Recorder.subscribe(stream, Long.MAX_VALUE);

        stream.offer(session(1, SessionStatus.RUNNING));
        stream.offer(session(2, SessionStatus.COMPLETED));
        stream.offer(session(3, SessionStatus.COMPLETED));

        assertThat(client.frames).containsExactly("status:1:retry", "status:2");
        assertThat(client.completed).isTrue();
        assertThat(ends).hasValue(1);
        assertThat(hubCloses).hasValue(1);
    }

    @Test
    void goneComesAfterAPendingStatusAndEndsTheStream() {
        ConflatingStream<String> stream = stream(null);
        Recorder client = Recorder.subscribe(stream, 1);
        stream.offer(session(1, SessionStatus.RUNNING));

        stream.offer(session(2, SessionStatus.RUNNING));
        stream.onEvent(new SessionEvent.Gone(ID, GoneReason.DELETED));
        assertThat(client.completed).isFalse(); // gone is an event too: it waits for demand

        client.request(1);
        assertThat(client.completed).isFalse();
        client.request(1);
        assertThat(client.frames).containsExactly("status:1:retry", "status:2", "gone:deleted");
        assertThat(client.completed).isTrue();
        assertThat(ends).hasValue(1);
    }

    @Test
    void goneAsTheFirstEventCarriesRetry() {
        ConflatingStream<String> stream = stream(4L);
        Recorder client = Recorder.subscribe(stream, Long.MAX_VALUE);
        stream.offer(session(4, SessionStatus.RUNNING));

        stream.onEvent(new SessionEvent.Gone(ID, GoneReason.EXPIRED));

        assertThat(client.frames).containsExactly("gone:expired:retry");
        assertThat(client.completed).isTrue();
    }

    @Test
    void cancellingReleasesTheStreamOnce() {
        ConflatingStream<String> stream = stream(null);
        Recorder client = Recorder.subscribe(stream, Long.MAX_VALUE);

        client.subscription.cancel();
        client.subscription.cancel();
        stream.offer(session(1, SessionStatus.RUNNING));

        assertThat(client.frames).isEmpty();
        assertThat(ends).hasValue(1);
        assertThat(hubCloses).hasValue(1);
        assertThat(stream.isEnded()).isTrue();
    }

    @Test
    void closingEndsTheResponseWithoutAnEvent() {
        ConflatingStream<String> stream = stream(null);
        Recorder client = Recorder.subscribe(stream, 1);
        stream.offer(session(1, SessionStatus.RUNNING));
        stream.offer(session(2, SessionStatus.RUNNING));

        stream.close();

        assertThat(client.frames).containsExactly("status:1:retry");
        assertThat(client.completed).isTrue();
        assertThat(ends).hasValue(1);
    }

    @Test
    void aStreamNeverSubscribedIsGivenUpAfterAFewTicks() {
        ConflatingStream<String> stream = stream(null);
        for (int tick = 0; tick < TICKS_ALLOWED; tick++) {
            assertThat(stream.tick()).isTrue();
        }
        assertThat(ends).hasValue(0);

        assertThat(stream.tick()).isFalse();
        assertThat(ends).hasValue(1);
        assertThat(hubCloses).hasValue(1);

        Recorder late = Recorder.subscribe(stream, Long.MAX_VALUE);
        assertThat(late.completed).isTrue();
        assertThat(late.frames).isEmpty();
    }

    @Test
    void aSecondSubscriberIsRefused() {
        ConflatingStream<String> stream = stream(null);
        Recorder.subscribe(stream, 1);

        Recorder second = Recorder.subscribe(stream, 1);

        assertThat(second.error).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNonPositiveRequestFailsTheStream() {
        ConflatingStream<String> stream = stream(null);
        Recorder client = Recorder.subscribe(stream, 1);

        client.request(0);

        assertThat(client.error).isInstanceOf(IllegalArgumentException.class);
        assertThat(ends).hasValue(1);
    }

    @Test
    void concurrentWritersAndAClientRequestingOneByOneSeeStrictlyIncreasingVersions() throws Exception {
        ConflatingStream<String> stream = stream(null);
        Recorder client = Recorder.subscribe(stream, 1);
        int writers = 4;
        int versionsPerWriter = 5_000;
        AtomicLong nextVersion = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(writers);
        try {
            for (int w = 0; w < writers; w++) {
                pool.execute(() -> {
                    await(start);
                    for (int i = 0; i < versionsPerWriter; i++) {
                        stream.offer(session(nextVersion.incrementAndGet(), SessionStatus.RUNNING));
                    }
                    written.countDown();
                });
            }
            pool.execute(() -> {
                await(start);
                while (written.getCount() > 0) {
                    client.request(1);
                }
            });
            start.countDown();
            assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        client.request(1); // whatever is still pending is the newest version

        List<Long> versions = client.frames.stream().map(ConflatingStreamTest::versionOf).toList();
        assertThat(versions).isSorted().doesNotHaveDuplicates();
        assertThat(versions.get(versions.size() - 1)).isEqualTo((long) writers * versionsPerWriter);
    }

    private ConflatingStream<String> stream(Long lastEventId) {
        ConflatingStream<String> stream = new ConflatingStream<>(ID, lastEventId, new TextFrames(), TICKS_ALLOWED,
                s -> ends.incrementAndGet());
        stream.attach(hubCloses::incrementAndGet);
        return stream;
    }

    private static long versionOf(String frame) {
        return Long.parseLong(frame.split(":")[1]);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Session session(long version, SessionStatus status) {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        return SessionFixture.at(now).id(ID).canvasPath("canvas/a").status(status).nodeCount(0)
                .finishedAt(status.isTerminal() ? now : null).version(version).build();
    }

    /** Frames as plain text, so the stream's logic is tested without the HTTP layer. */
    private static final class TextFrames implements ConflatingStream.Frames<String> {
        @Override
        public String status(Session session, boolean first) {
            return "status:" + session.version() + (first ? ":retry" : "");
        }

        @Override
        public String gone(UUID taskId, GoneReason reason, boolean first) {
            return "gone:" + reason.name().toLowerCase(java.util.Locale.ROOT) + (first ? ":retry" : "");
        }

        @Override
        public String heartbeat() {
            return "heartbeat";
        }
    }

    private static final class Recorder implements Flow.Subscriber<String> {
        final List<String> frames = Collections.synchronizedList(new ArrayList<>());
        volatile Flow.Subscription subscription;
        volatile boolean completed;
        volatile Throwable error;
        private final long initialDemand;

        private Recorder(long initialDemand) {
            this.initialDemand = initialDemand;
        }

        static Recorder subscribe(ConflatingStream<String> stream, long initialDemand) {
            Recorder recorder = new Recorder(initialDemand);
            stream.subscribe(recorder);
            return recorder;
        }

        void request(long n) {
            subscription.request(n);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(initialDemand);
        }

        @Override
        public void onNext(String item) {
            frames.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }
}
