package dev.batchtracker.session.events;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.codec.SessionJson;
import dev.batchtracker.session.store.SessionFixture;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.memory.InMemorySessionStore;
import dev.batchtracker.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two instances' hubs over one loopback transport and one shared store. */
class SharedEventHubTest {

    /** Delivers every message to every started receiver, the sender included, like NOTIFY or pub/sub. */
    static final class LoopbackTransport {
        final List<EventTransport.Receiver> receivers = new CopyOnWriteArrayList<>();
        final Queue<String> sent = new ConcurrentLinkedQueue<>();
        final int maxBytes;

        LoopbackTransport(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        EventTransport endpoint() {
            return new EventTransport() {
                @Override
                public int maxMessageBytes() {
                    return maxBytes;
                }

                @Override
                public void send(String message) {
                    sent.add(message);
                    receivers.forEach(r -> r.onMessage(message));
                }

                @Override
                public void start(Receiver receiver) {
                    receivers.add(receiver);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private final MutableClock clock = new MutableClock();
    private final SessionStore store = new InMemorySessionStore();
    private SharedEventHub a;
    private SharedEventHub b;

    private void start(int maxBytes) {
        LoopbackTransport transport = new LoopbackTransport(maxBytes);
        a = new SharedEventHub("instance-a", transport.endpoint(), store).start();
        b = new SharedEventHub("instance-b", transport.endpoint(), store).start();
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private Session session(String metadataJson) {
        return SessionFixture.at(clock.instant()).canvasPath("canvas/one").metadataJson(metadataJson).build();
    }

    @Test
    void a_change_published_on_one_instance_reaches_subscribers_on_both_once() {
        start(7_999);
        Session created = session("{\"k\":\"v\"}");
        Session running = created.transitionTo(SessionStatus.RUNNING, "go", clock.instant())
                .written(clock.instant(), created.timeline().expiresAt());
        List<SessionEvent> onA = new CopyOnWriteArrayList<>();
        List<SessionEvent> onB = new CopyOnWriteArrayList<>();
        a.subscribe(created.id(), onA::add);
        b.subscribe(created.id(), onB::add);

        a.publish(new SessionEvent.Changed(created));
        a.publish(new SessionEvent.Changed(running));

        await().atMost(Duration.ofSeconds(5)).until(() -> onB.size() == 2);
        assertThat(onB).containsExactly(new SessionEvent.Changed(created), new SessionEvent.Changed(running));
        assertThat(onA).containsExactly(new SessionEvent.Changed(created), new SessionEvent.Changed(running));
    }

    @Test
    void a_session_too_large_for_one_message_is_reread_from_the_shared_store() {
        start(512);
        Session big = session("{\"blob\":\"" + "x".repeat(2_000) + "\"}");
        store.insert(big, List.of());
        List<SessionEvent> onB = new CopyOnWriteArrayList<>();
        b.subscribe(big.id(), onB::add);

        a.publish(new SessionEvent.Changed(big));

        await().atMost(Duration.ofSeconds(5)).until(() -> onB.size() == 1);
        assertThat(onB).containsExactly(new SessionEvent.Changed(big));
    }

    @Test
    void gone_reaches_the_other_instance() {
        start(7_999);
        UUID id = UUID.randomUUID();
        List<SessionEvent> onB = new CopyOnWriteArrayList<>();
        b.subscribe(id, onB::add);

        a.publish(new SessionEvent.Gone(id, GoneReason.EXPIRED));

        await().atMost(Duration.ofSeconds(5)).until(() -> onB.size() == 1);
        assertThat(onB).containsExactly(new SessionEvent.Gone(id, GoneReason.EXPIRED));
    }

    @Test
    void events_of_sessions_nobody_here_watches_are_not_delivered() {
        start(7_999);
        Session watched = session("{}");
        Session other = session("{}");
        List<SessionEvent> onB = new CopyOnWriteArrayList<>();
        b.subscribe(watched.id(), onB::add);

        a.publish(new SessionEvent.Changed(other));
        a.publish(new SessionEvent.Changed(watched));

        await().atMost(Duration.ofSeconds(5)).until(() -> onB.size() == 1);
        assertThat(onB).containsExactly(new SessionEvent.Changed(watched));
    }

    @Test
    void a_message_is_judged_on_its_header_before_the_session_it_carries_is_read() throws Exception {
        start(7_999);
        Session session = session("{}");
        String sent = SessionJson.mapper().writeValueAsString(
                HubMessage.of("instance-a", new SessionEvent.Changed(session)));
        // Cut inside the session: only a reader that stops once it knows origin and task id still answers.
        String cut = sent.substring(0, sent.indexOf("\"session\"") + "\"session\":{".length());

        assertThat(SharedEventHub.header(cut)).isEqualTo(new SharedEventHub.Header("instance-a", session.id()));
        assertThat(SharedEventHub.header(SessionJson.mapper().writeValueAsString(
                HubMessage.of("instance-b", new SessionEvent.Gone(session.id(), GoneReason.DELETED)))))
                .isEqualTo(new SharedEventHub.Header("instance-b", session.id()));
        assertThat(SharedEventHub.header("{\"kind\":\"CHANGED\"}")).as("no header: the full read decides").isNull();
    }

    @Test
    void after_a_transport_gap_subscribers_get_the_current_state() {
        start(7_999);
        Session kept = session("{}");
        store.insert(kept, List.of());
        Session removed = session("{}");
        store.insert(removed, List.of());
        store.remove(removed.id(), GoneReason.DELETED, clock.instant(), clock.instant().plus(Duration.ofHours(1)));
        List<SessionEvent> onB = new CopyOnWriteArrayList<>();
        b.subscribe(kept.id(), onB::add);
        b.subscribe(removed.id(), onB::add);

        b.onResubscribed();

        await().atMost(Duration.ofSeconds(5)).until(() -> onB.size() == 2);
        assertThat(onB).containsExactlyInAnyOrder(new SessionEvent.Changed(kept),
                new SessionEvent.Gone(removed.id(), GoneReason.DELETED));
    }

    @Test
    void unsubscribing_stops_delivery_and_the_count_follows() {
        start(7_999);
        Session session = session("{}");
        List<SessionEvent> onB = new CopyOnWriteArrayList<>();
        SessionEventHub.Subscription subscription = b.subscribe(session.id(), onB::add);
        assertThat(b.subscriberCount()).isEqualTo(1);
        subscription.close();
        assertThat(b.subscriberCount()).isZero();

        List<SessionEvent> probe = new CopyOnWriteArrayList<>();
        a.publish(new SessionEvent.Changed(session));
        a.publish(new SessionEvent.Gone(session.id(), GoneReason.DELETED));

        // The hub thread handles messages in order: once a later event for a watched id would have arrived, the
        // earlier ones were handled too. A Gone for a probe subscription marks that point.
        UUID probeId = UUID.randomUUID();
        b.subscribe(probeId, probe::add);
        a.publish(new SessionEvent.Gone(probeId, GoneReason.DELETED));
        await().atMost(Duration.ofSeconds(5)).until(() -> probe.size() == 1);
        assertThat(onB).isEmpty();
    }
}
