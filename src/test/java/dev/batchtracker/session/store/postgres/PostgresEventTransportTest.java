package dev.batchtracker.session.store.postgres;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.events.SessionEvent;
import dev.batchtracker.session.events.SharedEventHub;
import dev.batchtracker.session.store.SessionFixture;
import dev.batchtracker.session.store.jdbc.JdbcSessionStore;
import dev.batchtracker.testing.PostgresServer;
import dev.batchtracker.testing.TcpProxy;
import io.agroal.api.AgroalDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances' shared hubs over real LISTEN/NOTIFY: instance A talks to PostgreSQL directly, instance B through
 * a TCP proxy the test can cut.
 */
class PostgresEventTransportTest {

    private static final String SCHEMA = PostgresServer.schema("batch_events_test");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static AgroalDataSource poolA;
    private static AgroalDataSource poolB;
    private static TcpProxy proxy;

    private JdbcSessionStore storeA;
    private JdbcSessionStore storeB;
    private SharedEventHub hubA;
    private SharedEventHub hubB;

    @BeforeAll
    static void schema() throws Exception {
        if (!PostgresServer.reachable()) {
            return; // each test reports the skip (or, under CI=true, the failure) itself
        }
        PostgresServer.recreateSchema(SCHEMA);
        proxy = new TcpProxy(PostgresServer.host(), PostgresServer.port());
        poolA = PostgresServer.pool(SCHEMA, 4, TIMEOUT);
        poolB = PostgresServer.pool(PostgresServer.urlThroughPort(proxy.port()), SCHEMA, 4, TIMEOUT);
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (proxy != null) {
            poolA.close();
            poolB.close();
            proxy.close();
            PostgresServer.dropSchema(SCHEMA);
        }
    }

    @BeforeEach
    void instances() throws Exception {
        PostgresServer.assumeReachable();
        proxy.restore();
        storeA = PostgresStoreProducer.open(poolA, () -> { }, TIMEOUT);
        storeB = PostgresStoreProducer.open(poolB, () -> { }, TIMEOUT);
        hubA = new SharedEventHub("instance-a", new PostgresEventTransport(poolA, Duration.ofMillis(200)), storeA).start();
        hubB = new SharedEventHub("instance-b", new PostgresEventTransport(poolB, Duration.ofMillis(200)), storeB).start();
    }

    @AfterEach
    void close() {
        if (hubA != null) {
            hubA.close();
            hubB.close();
        }
    }

    private static Session session(String metadataJson) {
        return SessionFixture.at(Instant.now().truncatedTo(ChronoUnit.MILLIS)).canvasPath("canvas/pg").nodeCount(0)
                .metadataJson(metadataJson).build();
    }

    /** Waits until B's hub is listening: a probe event published on A arrives on B. */
    private void awaitListening() {
        UUID probe = UUID.randomUUID();
        List<SessionEvent> received = new CopyOnWriteArrayList<>();
        try (var subscription = hubB.subscribe(probe, received::add)) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                hubA.publish(new SessionEvent.Gone(probe, GoneReason.DELETED));
                return !received.isEmpty();
            });
        }
    }

    @Test
    void everyVersionWrittenOnOneInstanceReachesTheOtherInOrder() {
        awaitListening();
        Session session = session("{}");
        List<SessionEvent> onB = new CopyOnWriteArrayList<>();
        hubB.subscribe(session.id(), onB::add);

        List<SessionEvent> sent = new ArrayList<>();
        Session version = session;
        for (int i = 0; i < 30; i++) {
            version = version.withReportedProgress(i)
                    .written(version.timeline().updatedAt().plusMillis(1), version.timeline().expiresAt());
            SessionEvent event = new SessionEvent.Changed(version);
            sent.add(event);
            hubA.publish(event);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> onB.size() >= sent.size());
        assertThat(onB).containsExactlyElementsOf(sent);
    }

    @Test
    void aSessionTooLargeForANotificationIsReadFromTheStore() {
        awaitListening();
        Session big = session("{\"blob\":\"" + "x".repeat(20_000) + "\"}");
        storeA.insert(big, List.of());
        List<SessionEvent> onB = new CopyOnWriteArrayList<>();
        hubB.subscribe(big.id(), onB::add);

        hubA.publish(new SessionEvent.Changed(big));

        await().atMost(Duration.ofSeconds(10)).until(() -> !onB.isEmpty());
        assertThat(onB).containsExactly(new SessionEvent.Changed(big));
    }

    @Test
    void subscribersCatchUpWithWhatTheyMissedWhileTheConnectionWasCut() throws Exception {
        awaitListening();
        Session session = session("{}");
        storeA.insert(session, List.of());
        List<SessionEvent> onB = new CopyOnWriteArrayList<>();
        hubB.subscribe(session.id(), onB::add);

        proxy.cut();
        Instant at = session.timeline().createdAt().plusMillis(5);
        Session running = session.transitionTo(SessionStatus.RUNNING, "go", at)
                .written(at, session.timeline().expiresAt());
        assertThat(storeA.update(running, 1L, null)).isTrue();
        hubA.publish(new SessionEvent.Changed(running)); // B's listener is down: this notification is lost to B
        proxy.restore();

        await().atMost(Duration.ofSeconds(20)).until(() -> onB.contains(new SessionEvent.Changed(running)));
    }
}
