package dev.batchtracker.session.store.redis;

import dev.batchtracker.session.events.EventTransport;
import io.vertx.core.VertxOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Pub/sub between two transports, as two instances use it: order, probes kept inside, and re-subscription. */
class RedisEventTransportTest {

    private Vertx vertx;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void createVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        vertx.closeAndAwait();
    }

    /** Records what a transport delivers. */
    private static final class Recorder implements EventTransport.Receiver {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final CountDownLatch resubscribed = new CountDownLatch(1);

        @Override
        public void onMessage(String message) {
            messages.add(message);
        }

        @Override
        public void onResubscribed() {
            resubscribed.countDown();
        }
    }

    private Redis client(String url) {
        Redis redis = RedisTestSupport.client(vertx, url);
        toClose.add(redis::close);
        return redis;
    }

    private RedisEventTransport transport(Redis redis, String channel, Duration probe) {
        RedisEventTransport transport = new RedisEventTransport(vertx, redis, channel, Duration.ofMillis(500), probe);
        toClose.add(transport);
        return transport;
    }

    private static void awaitSubscribers(Redis redis, String channel, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.send(Request.cmd(Command.PUBSUB).arg("NUMSUB")
                .arg(channel)).await().atMost(Duration.ofSeconds(2)).get(1).toInteger() == count);
    }

    @Test
    void everyMessageReachesEveryInstanceInTheOrderItWasSentAndProbesStayInside() {
        RedisTestSupport.assumeRedis();
        Redis redis = client(RedisTestSupport.URL);
        String channel = RedisTestSupport.uniquePrefix() + "events";
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        // A short probe interval, so probes interleave with the messages below and must be filtered out.
        RedisEventTransport sender = transport(redis, channel, Duration.ofMillis(100));
        RedisEventTransport other = transport(client(RedisTestSupport.URL), channel, Duration.ofMillis(100));
        sender.start(a);
        other.start(b);
        awaitSubscribers(redis, channel, 2);

        List<String> sent = IntStream.rangeClosed(1, 2_000).mapToObj(i -> "{\"n\":" + i + "}").toList();
        sent.forEach(sender::send);

        await().atMost(Duration.ofSeconds(10)).until(() -> b.messages.size() >= sent.size());
        assertThat(b.messages).containsExactlyElementsOf(sent);
        // The sender hears itself too (the hub drops its own messages by origin).
        await().atMost(Duration.ofSeconds(10)).until(() -> a.messages.size() >= sent.size());
        assertThat(a.messages).containsExactlyElementsOf(sent);
    }

    /**
     * At shutdown close() is called by an observer of the shutdown event; what it leaves to the event loop may run
     * after CDI has stopped. So it returns only once the event loop has closed the connections.
     */
    @Test
    void closeReturnsOnlyOnceTheEventLoopHasClosedTheConnections() throws Exception {
        RedisTestSupport.assumeRedis();
        Vertx oneLoop = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            Redis redis = RedisTestSupport.client(oneLoop, RedisTestSupport.URL);
            String channel = RedisTestSupport.uniquePrefix() + "events";
            RedisEventTransport transport =
                    new RedisEventTransport(oneLoop, redis, channel, Duration.ofMillis(500), Duration.ofSeconds(10));
            transport.start(new Recorder());
            awaitSubscribers(redis, channel, 1);

            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            oneLoop.getOrCreateContext().runOnContext(() -> { // the only event loop is busy until released
                holding.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(transport::close);

            assertThatThrownBy(() -> closing.get(500, TimeUnit.MILLISECONDS))
                    .as("close() returned while its work still waited for the event loop")
                    .isInstanceOf(TimeoutException.class);
            release.countDown();
            closing.get(10, TimeUnit.SECONDS);
            awaitSubscribers(redis, channel, 0);
            redis.close();
        } finally {
            oneLoop.closeAndAwait();
        }
    }

    @Test
    void aRestartedRedisIsSubscribedAgainAndTheReceiverToldSo() throws Exception {
        try (OwnRedisServer server = OwnRedisServer.start(false)) {
            Redis redis = client(server.url());
            String channel = "batch-test:events";
            Recorder a = new Recorder();
            Recorder b = new Recorder();
            RedisEventTransport sender = transport(redis, channel, Duration.ofSeconds(10));
            RedisEventTransport other = transport(client(server.url()), channel, Duration.ofSeconds(10));
            sender.start(a);
            other.start(b);
            awaitSubscribers(redis, channel, 2);
            sender.send("before");
            await().atMost(Duration.ofSeconds(5)).until(() -> b.messages.contains("before"));

            server.kill();
            sender.send("while away"); // may be dropped; the transport must neither throw nor block
            server.restart();

            assertThat(b.resubscribed.await(20, TimeUnit.SECONDS)).as("B re-subscribed").isTrue();
            assertThat(a.resubscribed.await(20, TimeUnit.SECONDS)).as("A re-subscribed").isTrue();
            sender.send("after");
            await().atMost(Duration.ofSeconds(10)).until(() -> b.messages.contains("after"));
            assertThat(b.messages).containsSubsequence("before", "after");
        }
    }
}
