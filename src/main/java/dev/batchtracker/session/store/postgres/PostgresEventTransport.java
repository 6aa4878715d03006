package dev.batchtracker.session.store.postgres;

import dev.batchtracker.session.events.EventTransport;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events between instances over PostgreSQL LISTEN/NOTIFY, on the channel of the store's schema (so deployments
 * sharing a database but not a schema do not hear each other).
 * <p>
 * Two background threads, never an event loop: a sender that sends queued messages in order, several per
 * transaction, on a pooled connection; and a listener that holds one connection of its own in LISTEN and waits
 * on it for notifications. PostgreSQL delivers the notifications of committed transactions in commit order, so
 * one instance's messages arrive everywhere in the order it sent them. When the listener's connection fails it
 * reconnects, and tells the hub, which re-reads what its subscribers watch.
 */
public final class PostgresEventTransport implements EventTransport {

    private static final Logger LOG = Logger.getLogger(PostgresEventTransport.class);
    static final String CHANNEL_PREFIX = "batch_session_events:";
    /** NOTIFY takes payloads under 8000 bytes; leave room for nothing else to go wrong. */
    static final int MAX_PAYLOAD_BYTES = 7_900;
    static final int OUTBOUND_QUEUE = 10_000;
    private static final int SEND_BATCH = 100;
    private static final String NOTIFY_ALL = "SELECT pg_notify(? || current_schema(), message)"
            + " FROM unnest(?::text[]) AS message";
    private static final int POLL_MILLIS = 250;
    /** A silent LISTEN connection is probed this often, so a dead one is noticed (the socket timeout fires). */
    private static final long PROBE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final DataSource dataSource;
    private final Duration reconnectDelay;
    private final BlockingQueue<String> outbound = new LinkedBlockingQueue<>(OUTBOUND_QUEUE);
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;
    private Thread listener;
    private Thread sender;

    public PostgresEventTransport(DataSource dataSource, Duration reconnectDelay) {
        this.dataSource = dataSource;
        this.reconnectDelay = reconnectDelay;
    }

    @Override
    public int maxMessageBytes() {
        return MAX_PAYLOAD_BYTES;
    }

    @Override
    public void send(String message) {
        if (!running) {
            return;
        }
        if (!outbound.offer(message)) {
            drop(1, "the outbound queue is full");
        }
    }

    @Override
    public void start(Receiver receiver) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        listener = new Thread(() -> listen(receiver), "batch-pg-listen");
        sender = new Thread(this::sendLoop, "batch-pg-notify");
        listener.setDaemon(true);
        sender.setDaemon(true);
        listener.start();
        sender.start();
    }

    private void sendLoop() {
        List<String> batch = new ArrayList<>(SEND_BATCH);
        while (running) {
            try {
                String first = outbound.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outbound.drainTo(batch, SEND_BATCH - 1);
                notifyAll(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                // The writes these messages announce are stored; subscribers elsewhere get the next change, or
                // a re-read when their listener reconnects.
                drop(batch.size(), e.getMessage());
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * The whole batch in one statement and one round trip (autocommit: one transaction, whose notifications
     * PostgreSQL delivers in the order they were queued, which is the array's: a function scan emits it in order).
     * One {@code pg_notify} per message and a commit were a round trip each (bench/FINDINGS.md).
     */
    private void notifyAll(List<String> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement notify = connection.prepareStatement(NOTIFY_ALL)) {
            notify.setString(1, CHANNEL_PREFIX);
            notify.setArray(2, connection.createArrayOf("text", batch.toArray()));
            notify.executeQuery().close();
        }
    }

    private void drop(int count, String why) {
        long total = dropped.addAndGet(count);
        if (total == count || total / 1000 != (total - count) / 1000) {
            LOG.warnf("could not send %d event(s) to other instances (%d dropped so far): %s", count, total, why);
        }
    }

    private void listen(Receiver receiver) {
        boolean wasDown = false;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                String channel = CHANNEL_PREFIX + currentSchema(connection);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
                }
                if (wasDown) {
                    LOG.infof("listening for other instances' events again on %s", channel);
                } else {
                    LOG.debugf("listening for other instances' events on %s", channel);
                }
                wasDown = false;
                // Anything sent before this LISTEN was missed: the hub re-reads what its subscribers watch.
                receiver.onResubscribed();
                PGConnection pg = connection.unwrap(PGConnection.class);
                long lastTraffic = System.nanoTime();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        lastTraffic = System.nanoTime();
                        for (PGNotification notification : notifications) {
                            if (channel.equals(notification.getName())) {
                                receiver.onMessage(notification.getParameter());
                            }
                        }
                    } else if (System.nanoTime() - lastTraffic > PROBE_NANOS) {
                        try (Statement probe = connection.createStatement()) {
                            probe.execute("SELECT 1");
                        }
                        lastTraffic = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running && !wasDown) {
                    LOG.warnf("lost the connection for other instances' events; reconnecting: %s", e.getMessage());
                }
                wasDown = true;
            }
            awaitReconnect();
        }
    }

    private static String currentSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_schema()")) {
            if (!rs.next() || rs.getString(1) == null) {
                throw new SQLException("no current schema: is the search path's schema created?");
            }
            return rs.getString(1);
        }
    }

    private void awaitReconnect() {
        try {
            closed.await(reconnectDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        closed.countDown();
        for (Thread thread : new Thread[] {listener, sender}) {
            if (thread == null) {
                continue;
            }
            try {
                thread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
