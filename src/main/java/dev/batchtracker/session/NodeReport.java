package dev.batchtracker.session;

import java.time.Instant;

/**
 * One executor report about one node. {@code startedAt}/{@code finishedAt} are the executor's clock when given;
 * otherwise the service stamps its own.
 */
public record NodeReport(NodeStatus status, String resultJson, String error, Instant startedAt, Instant finishedAt) {
}
