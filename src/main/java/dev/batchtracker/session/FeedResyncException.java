package dev.batchtracker.session;

/**
 * A feed cannot resume from the client's position: a removal after it is no longer kept (its tombstone was
 * purged), so the client must list the collection again and start a new feed.
 */
public final class FeedResyncException extends BatchException {
    private final long lastEventId;

    public FeedResyncException(long lastEventId) {
        super("The feed can no longer resume after " + lastEventId + ": list the sessions again and start a new feed");
        this.lastEventId = lastEventId;
    }

    public long lastEventId() {
        return lastEventId;
    }
}
