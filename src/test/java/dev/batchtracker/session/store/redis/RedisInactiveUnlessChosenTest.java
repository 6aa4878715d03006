package dev.batchtracker.session.store.redis;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.events.SessionEventHub;
import dev.batchtracker.session.store.SessionStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the default store (memory) the Redis client stays inactive: even with {@code quarkus.redis.hosts} pointing
 * at a listening socket, the service starts, works and is ready without ever connecting to it.
 */
@QuarkusTest
@TestProfile(RedisInactiveUnlessChosenTest.RedisHostsSet.class)
class RedisInactiveUnlessChosenTest {

    private static final String PORT = "batchtracker-test.would-be-redis.port";
    private static final String CONNECTIONS = "batchtracker-test.would-be-redis.connections";

    /**
     * A listener that counts every connection the Redis client would make. One per JVM, shared through system
     * properties (strings only): Quarkus loads this class in two class loaders, and the profile and the test must
     * watch the same listener.
     */
    static int wouldBeRedisPort() {
        return Integer.parseInt((String) System.getProperties().computeIfAbsent(PORT, k -> Integer.toString(listen())));
    }

    private static int listen() {
        try {
            ServerSocket socket = new ServerSocket(0);
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket ignored = socket.accept()) {
                        synchronized (System.class) {
                            System.setProperty(CONNECTIONS, Integer.toString(connections() + 1));
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "would-be-redis");
            acceptor.setDaemon(true);
            acceptor.start();
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int connections() {
        return Integer.parseInt(System.getProperty(CONNECTIONS, "0"));
    }

    public static class RedisHostsSet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("batch.store", "memory", "quarkus.redis.hosts", "redis://127.0.0.1:" + wouldBeRedisPort());
        }
    }

    @Inject
    SessionStore store;
    @Inject
    SessionEventHub hub;
    @Inject
    BatchSessionManager manager;

    @Test
    void theRedisClientIsInactiveAndNeverConnects() throws IOException {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.redis.active", Boolean.class)).isFalse();

        store.ping();
        manager.create(new CreateSession("canvases/a.json", 2, List.of(), null, null, null));
        hub.subscriberCount();
        given().get("/q/health/ready").then().statusCode(200);

        // No connection from start-up or use, however long one looks...
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> connections() == 0);
        // ...while the listener does count one when it comes.
        new Socket("127.0.0.1", wouldBeRedisPort()).close();
        await().atMost(Duration.ofSeconds(5)).until(() -> connections() == 1);
    }
}
