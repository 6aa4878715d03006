package dev.batchtracker.session.cleanup;

import jakarta.enterprise.context.ApplicationScoped;

/** Removes expired sessions and old tombstones. STUB: the cleanup work fills it in. */
@ApplicationScoped
public class CleanupService {

    public CleanupReport run(boolean dryRun) {
        throw new UnsupportedOperationException("cleanup not built yet");
    }
}
