package dev.batchtracker.session.cleanup;

import java.util.List;
import java.util.UUID;

/**
 * What one cleanup run did (or, for a dry run, would do).
 *
 * @param expiredIds the first 100 ids removed (or that would be)
 */
public record CleanupReport(boolean dryRun, int cleaned, List<UUID> expiredIds, long durationMs, int errors) {
}
