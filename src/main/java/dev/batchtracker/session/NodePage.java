package dev.batchtracker.session;

/**
 * One page of a session's node results, and whether the session is compacted: then every node's result is absent
 * and its error cut to {@link NodeResult#COMPACTED_ERROR_LENGTH} code points ({@link NodeResult#compacted()}).
 */
public record NodePage(Page<NodeResult> page, boolean compacted) {
}
