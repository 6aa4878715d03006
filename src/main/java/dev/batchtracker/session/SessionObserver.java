package dev.batchtracker.session;

/**
 * Told of each write this instance made, after the store accepted it: the domain's port for whatever counts
 * them (the Prometheus counters of {@code session.metrics}), so that the domain imports no meter.
 * <p>
 * A port rather than the events the hub already publishes, because those cannot count exactly: a
 * {@code Changed} event carries the new version only, not the status it came from nor the node report that
 * made it; a create publishes nothing; and with a shared hub the events of every instance arrive, with no mark
 * of which instance wrote them, while these counters are per instance. A call here happens once per accepted
 * write, on the thread that made it.
 * <p>
 * Calls come on request threads in the middle of a write: an implementation returns at once and never throws.
 */
public interface SessionObserver {

    /** A session was stored (an idempotent replay stores nothing and is not reported). */
    void created();

    /** A write of this instance moved a session's status, by a client's request or by the automatic finish. */
    void transitioned(SessionStatus from, SessionStatus to);

    /** A node report was stored with this status (an accepted repeat that changed nothing is not reported). */
    void nodeRecorded(NodeStatus status);

    /** This instance removed a session (a removal another instance won is not reported). */
    void removed(GoneReason reason);
}
