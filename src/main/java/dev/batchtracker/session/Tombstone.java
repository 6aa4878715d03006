package dev.batchtracker.session;

import java.time.Instant;
import java.util.UUID;

/** What remains of a removed session for a while, so clients get 410 with a reason instead of 404. */
public record Tombstone(UUID taskId, GoneReason reason, Instant goneAt, Instant keepUntil) {
}
