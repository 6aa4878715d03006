package dev.batchtracker.session.cleanup;

import java.util.List;
import java.util.UUID;

/**
 * What one cleanup run did (or, for a dry run, would do).
 *
 * @param expiredIds the first 100 ids removed (or that would be)
 * @param compacted finished sessions compacted (or that would be: those this run reaches, less the ones it removes)
 * @param compactedIds the first 100 of them
 */
public record CleanupReport(boolean dryRun, int cleaned, List<UUID> expiredIds, int compacted,
                            List<UUID> compactedIds, long durationMs, int errors) {
}
