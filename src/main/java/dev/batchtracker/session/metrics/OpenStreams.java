package dev.batchtracker.session.metrics;

/**
 * The live streams this instance serves, as the metrics see them. A port, so that the metrics need not import the
 * HTTP layer that owns the streams (which itself reads the metrics): the SSE registry implements it.
 */
public interface OpenStreams {

    /** Open streams on this instance. */
    int subscriberCount();
}
