package dev.batchtracker.session.store.redis;

import dev.batchtracker.testing.ExternalServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The shared Redis the suites run against (127.0.0.1:6379 unless {@code BATCH_TEST_REDIS_URL} says otherwise).
 * Other test runs use the same server, so every test writes under a prefix of its own and deletes exactly those
 * keys afterwards — never FLUSHDB.
 */
public final class RedisTestSupport {

    public static final String URL = System.getenv().getOrDefault("BATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private RedisTestSupport() {
    }

    private static final ExternalServer SERVER =
            new ExternalServer("Redis", URL, "BATCH_TEST_REDIS_URL", RedisTestSupport::problem);

    public static ExternalServer server() {
        return SERVER;
    }

    /** Whether Redis answers; the first miss prints one loud warning naming the skipped suites. */
    public static boolean reachable() {
        return SERVER.reachable();
    }

    /**
     * Skips the calling test when Redis is not there — except in CI ({@code CI=true}), where a missing server
     * must fail the run rather than quietly skip its suites. Call it per test (a BeforeEach), so every skipped
     * test shows in the report with this reason.
     */
    public static void assumeRedis() {
        SERVER.assume();
    }

    private static String problem() {
        URI uri = URI.create(URL);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379), 1_000);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    public static String uniquePrefix() {
        return "batch-test:" + UUID.randomUUID() + ":";
    }

    public static Redis client(Vertx vertx, String url) {
        return Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
                .setMaxPoolSize(16).setMaxPoolWaiting(1_024).setMaxWaitingHandlers(4_096));
    }

    /** Deletes every key under the prefix at that server, with a client of its own (for suites that have none). */
    public static void deleteKeys(String url, String prefix) {
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = client(vertx, url);
            deleteKeys(redis, prefix);
            redis.close();
        } finally {
            vertx.closeAndAwait();
        }
    }

    /** Deletes every key under the prefix (a test-only scan: the service itself never scans). */
    public static void deleteKeys(Redis redis, String prefix) {
        String cursor = "0";
        do {
            Response page = redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(prefix + "*")
                    .arg("COUNT").arg(1_000)).await().atMost(Duration.ofSeconds(10));
            cursor = page.get(0).toString();
            List<String> keys = new ArrayList<>();
            for (Response key : page.get(1)) {
                keys.add(key.toString());
            }
            if (!keys.isEmpty()) {
                Request unlink = Request.cmd(Command.UNLINK);
                keys.forEach(unlink::arg);
                redis.send(unlink).await().atMost(Duration.ofSeconds(10));
            }
        } while (!"0".equals(cursor));
    }

    /** How many keys exist under the prefix (test-only scan). */
    public static int countKeys(Redis redis, String prefix) {
        int count = 0;
        String cursor = "0";
        do {
            Response page = redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(prefix + "*")
                    .arg("COUNT").arg(1_000)).await().atMost(Duration.ofSeconds(10));
            cursor = page.get(0).toString();
            count += page.get(1).size();
        } while (!"0".equals(cursor));
        return count;
    }
}
