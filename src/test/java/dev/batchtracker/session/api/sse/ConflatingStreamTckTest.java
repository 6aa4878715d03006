package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

import java.util.UUID;
import java.util.concurrent.Flow;

/**
 * The Reactive Streams TCK (java.util.concurrent.Flow flavour) against {@link ConflatingStream}: the stream is
 * hand-written lock-free publisher code, so the rules are checked by the rule book's own tests, not by ours.
 * <p>
 * A stream of exactly n elements is a session whose writer is always one version ahead of the client: each time a
 * version is rendered the next one is offered, so a version is always waiting and conflation never drops one; the
 * n-th version has a terminal status, which ends the stream. Runs on TestNG, beside JUnit, through the JUnit
 * Platform's TestNG engine.
 */
public class ConflatingStreamTckTest extends FlowPublisherVerification<Long> {

    /** Bound on waiting for a signal that must come: generous, as it only costs time when a rule is broken. */
    private static final long SIGNAL_TIMEOUT_MILLIS = 2_000;
    /** How long a signal that must not come is waited for. */
    private static final long NO_SIGNAL_TIMEOUT_MILLIS = 100;
    /** Rule 3.13: how long after cancel the stream may still hold its subscriber. */
    private static final long SUBSCRIBER_RELEASE_MILLIS = 2_000;
    private static final int TICKS_ALLOWED = 2;

    public ConflatingStreamTckTest() {
        super(new TestEnvironment(SIGNAL_TIMEOUT_MILLIS, NO_SIGNAL_TIMEOUT_MILLIS), SUBSCRIBER_RELEASE_MILLIS);
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        WriterAhead frames = new WriterAhead(elements);
        ConflatingStream<Long> stream = new ConflatingStream<>(UUID.randomUUID(), null, frames, TICKS_ALLOWED,
                ended -> {
                });
        frames.stream = stream;
        if (elements == 0) {
            stream.close(); // ended before anyone subscribed: the subscriber gets onSubscribe, then onComplete
        } else {
            stream.offer(WriterAhead.version(1, elements));
        }
        return stream;
    }

    /** A stream is single-use: once taken, every further subscriber gets onSubscribe, then onError (rule 1.9). */
    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        ConflatingStream<Long> taken = (ConflatingStream<Long>) createFlowPublisher(1);
        taken.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
            }

            @Override
            public void onNext(Long item) {
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
        return taken;
    }

    /** Renders a version as its number and offers the next one meanwhile, up to the last, which is terminal. */
    private static final class WriterAhead implements ConflatingStream.Frames<Long> {

        private final long elements;
        private volatile ConflatingStream<Long> stream;

        WriterAhead(long elements) {
            this.elements = elements;
        }

        static Session version(long version, long elements) {
            return ConflatingStreamTest.session(version,
                    version == elements ? SessionStatus.COMPLETED : SessionStatus.RUNNING);
        }

        @Override
        public Long status(Session session, boolean first) {
            if (session.version() < elements) {
                stream.offer(version(session.version() + 1, elements));
            }
            return session.version();
        }

        @Override
        public Long gone(UUID taskId, GoneReason reason, boolean first) {
            throw new AssertionError("no session is removed in the TCK");
        }

        @Override
        public Long heartbeat() {
            throw new AssertionError("no heartbeat is ticked in the TCK");
        }
    }
}
