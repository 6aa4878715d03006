package dev.batchtracker.session;

import java.time.Duration;
import java.time.Instant;

/**
 * What a status document shows beyond stored fields, derived by pure functions of the session and the time.
 *
 * @param etaSeconds null when unknown
 * @param throughputNodesPerSecond null when unknown
 */
public record SessionFigures(double progressPercent, boolean stale, Long etaSeconds, Double throughputNodesPerSecond) {

    public static SessionFigures of(Session session, Instant now, Duration staleAfter) {
        double progress = progressPercent(session);
        boolean stale = session.status() == SessionStatus.RUNNING
                && !session.timeline().lastActivityAt().plus(staleAfter).isAfter(now);
        Double throughput = throughput(session);
        return new SessionFigures(progress, stale, eta(session, progress, throughput, now), throughput);
    }

    /** Max of the reported and the node-derived figure; 100 once completed. Never above 100. */
    public static double progressPercent(Session session) {
        if (session.status() == SessionStatus.COMPLETED) {
            return 100.0;
        }
        int nodeCount = session.plan().nodeCount();
        double derived = nodeCount == 0 ? 0.0 : 100.0 * session.counts().finished() / nodeCount;
        return Math.min(100.0, Math.max(derived, session.reportedProgress()));
    }

    /** Finished nodes per second since the session started running, up to the latest finished node. */
    private static Double throughput(Session session) {
        int finished = session.counts().finished();
        Timeline times = session.timeline();
        if (finished == 0 || times.startedAt() == null || times.lastNodeFinishedAt() == null) {
            return null;
        }
        long millis = Duration.between(times.startedAt(), times.lastNodeFinishedAt()).toMillis();
        if (millis <= 0) {
            return null;
        }
        return finished * 1000.0 / millis;
    }

    private static Long eta(Session session, double progress, Double throughput, Instant now) {
        if (session.status().isTerminal()) {
            return 0L;
        }
        if (session.status() != SessionStatus.RUNNING) {
            return null;
        }
        int nodeCount = session.plan().nodeCount();
        if (nodeCount > 0 && throughput != null) {
            int remaining = nodeCount - session.counts().finished();
            return Math.round(remaining / throughput);
        }
        // Node-less sessions: extrapolate the explicitly reported progress over the time spent so far.
        Instant startedAt = session.timeline().startedAt();
        if (nodeCount == 0 && progress > 0 && startedAt != null) {
            long elapsed = Math.max(0, Duration.between(startedAt, now).toMillis());
            return Math.round(elapsed * (100.0 - progress) / progress / 1000.0);
        }
        return null;
    }
}
