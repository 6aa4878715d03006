package dev.batchtracker.session.events;

/**
 * Carries small text messages between the instances that share one store (PostgreSQL LISTEN/NOTIFY, Redis
 * pub/sub). It knows nothing of sessions: {@link SharedEventHub} encodes and decodes. An implementation must
 * <ul>
 *   <li>deliver one instance's messages to every instance in the order that instance sent them (the sender may
 *       receive its own messages back; the hub ignores them),</li>
 *   <li>never block the caller of {@link #send} for long nor throw from it: during an outage it may drop
 *       messages (log them), because the write they announce is already stored,</li>
 *   <li>call {@link Receiver#onResubscribed()} after it re-established a lost subscription, since messages sent
 *       in the gap are lost and the hub re-reads what its subscribers watch.</li>
 * </ul>
 * Receiver callbacks may come on any thread, an event loop included; the hub never blocks in them.
 */
public interface EventTransport extends AutoCloseable {

    /** The largest message, in UTF-8 bytes, {@link #send} carries (PostgreSQL NOTIFY takes under 8000). */
    int maxMessageBytes();

    /** Queues a message for every instance; returns at once. */
    void send(String message);

    /** Starts receiving; called once, before the first {@link #send}. */
    void start(Receiver receiver);

    /** Stops receiving and sending; pending messages may be dropped. */
    @Override
    void close();

    interface Receiver {
        void onMessage(String message);

        /** The subscription was lost and is back: anything sent meanwhile was missed. */
        void onResubscribed();
    }
}
