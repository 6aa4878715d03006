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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With the default store (memory) the Redis client stays inactive: even with {@code quarkus.redis.hosts} pointing
 * at a listening socket, the service starts, works and is ready without ever connecting to it.
 */
@QuarkusTest
@TestProfile(RedisInactiveUnlessChosenTest.RedisHostsSet.class)
class RedisInactiveUnlessChosenTest {

    /**
     * A socket that would see any connection attempt of the Redis client. One per JVM: Quarkus loads this class in
     * two class loaders, and the profile and the test must watch the same socket.
     */
    static final ServerSocket WOULD_BE_REDIS = (ServerSocket) System.getProperties()
            .computeIfAbsent("batchtracker-test.would-be-redis", k -> listen());

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class RedisHostsSet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("batch.store", "memory",
                    "quarkus.redis.hosts", "redis://127.0.0.1:" + WOULD_BE_REDIS.getLocalPort());
        }
    }

    @Inject
    SessionStore store;
    @Inject
    SessionEventHub hub;
    @Inject
    BatchSessionManager manager;

    @AfterAll
    static void closeSocket() throws IOException {
        WOULD_BE_REDIS.close();
    }

    @Test
    void theRedisClientIsInactiveAndNeverConnects() throws IOException {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.redis.active", Boolean.class)).isFalse();

        store.ping();
        manager.create(new CreateSession("canvases/a.json", 2, List.of(), null, null, null));
        hub.subscriberCount();
        given().get("/q/health/ready").then().statusCode(200);

        WOULD_BE_REDIS.setSoTimeout(1_000);
        assertThatThrownBy(WOULD_BE_REDIS::accept).as("nothing connects to the Redis hosts")
                .isInstanceOf(SocketTimeoutException.class);
    }
}
