package dev.batchtracker.session.store.redis;

import dev.batchtracker.session.StoreUnavailableException;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends commands and waits for the answer at most the store timeout, so a request fails fast with
 * {@link StoreUnavailableException} (503) instead of hanging while Redis is away. Waiting is only allowed on worker
 * threads: Mutiny refuses to block an event loop, which is the guard against calling the store from one.
 */
final class RedisCalls {

    /** Server errors that mean "not now" rather than "wrong request". */
    private static final Set<String> TRANSIENT = Set.of(
            "LOADING", "BUSY", "MASTERDOWN", "READONLY", "OOM", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS", "MISCONF");

    private static final Logger LOG = Logger.getLogger(RedisCalls.class);
    private static final long WARN_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final Redis redis;
    private final Duration timeout;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    RedisCalls(Redis redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    /** @return the reply, null for a nil reply */
    Response send(Command command, String... args) {
        Request request = Request.cmd(command);
        for (String arg : args) {
            request.arg(arg);
        }
        return await(request);
    }

    /** Runs a script by its SHA-1; loads it with EVAL when this server has not seen it yet. */
    Response eval(LuaScript script, List<String> args) {
        try {
            return redis.send(evalRequest(Command.EVALSHA, script.sha1(), args)).await().atMost(timeout);
        } catch (RuntimeException e) {
            if (!"NOSCRIPT".equals(serverErrorKind(e))) {
                throw translate(e);
            }
        }
        return await(evalRequest(Command.EVAL, script.source(), args));
    }

    private static Request evalRequest(Command command, String scriptOrSha, List<String> args) {
        Request request = Request.cmd(command).arg(scriptOrSha).arg(0);
        for (String arg : args) {
            request.arg(arg);
        }
        return request;
    }

    private Response await(Request request) {
        try {
            return redis.send(request).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /**
     * A server error about the request itself (a bug here) stays an IllegalStateException; everything else —
     * refused or lost connections, a full pool queue, a timeout, a server that is loading or read-only — is the
     * store being unavailable.
     */
    private RuntimeException translate(RuntimeException e) {
        if (e instanceof StoreUnavailableException) {
            return e;
        }
        String kind = serverErrorKind(e);
        if (kind != null && !TRANSIENT.contains(kind)) {
            return new IllegalStateException("Redis rejected a command: " + messageOf(e), e);
        }
        warnRarely(e);
        if (e instanceof io.smallrye.mutiny.TimeoutException) {
            return new StoreUnavailableException("The session store (Redis) did not answer within " + timeout, e);
        }
        // The detail (addresses, driver messages) goes to the log, not to clients.
        return new StoreUnavailableException("The session store (Redis) is unavailable", e);
    }

    /** One line per interval while Redis is away, not one per request. */
    private void warnRarely(RuntimeException e) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("Redis unavailable: %s", messageOf(e));
        }
    }

    /** The first word of a Redis error reply (NOSCRIPT, ERR, WRONGTYPE, ...), or null when it is no such reply. */
    static String serverErrorKind(Throwable e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof io.vertx.redis.client.Response response && response.type() == ResponseType.ERROR) {
                String text = String.valueOf(response);
                int space = text.indexOf(' ');
                return (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
            }
            if (cause.getCause() == cause) {
                break;
            }
            cause = cause.getCause();
        }
        return null;
    }

    private static String messageOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message != null ? message : root.getClass().getName();
    }
}
