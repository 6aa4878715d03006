package dev.batchtracker.session.api.document;

import dev.batchtracker.session.Analytics;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.Wire;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The analytics answer on the wire; see {@code AnalyticsReport} in the contract. */
@RegisterForReflection
public record AnalyticsDocument(Instant since, Instant until, FiguresDocument overall,
                                List<PathDocument> byCanvasPath, List<HourDocument> hourly, boolean approximate) {

    public static AnalyticsDocument of(Analytics analytics) {
        Duration window = analytics.window();
        return new AnalyticsDocument(analytics.since(), analytics.until(),
                FiguresDocument.of(analytics.overall(), window),
                analytics.byCanvasPath().stream()
                        .map(p -> new PathDocument(p.canvasPath(), FiguresDocument.of(p.figures(), window)))
                        .toList(),
                analytics.hourly().stream().map(HourDocument::of).toList(),
                analytics.approximate());
    }

    @RegisterForReflection
    public record FiguresDocument(Map<String, Long> sessions, Double successRate, DistributionDocument sessionDurationMs,
                                  DistributionDocument nodeExecutionMs, long nodesFinished, double nodesPerSecond,
                                  List<FailingNodeDocument> failingNodes) {

        static FiguresDocument of(Analytics.Figures figures, Duration window) {
            return new FiguresDocument(counts(figures.byStatus()), figures.successRate(),
                    DistributionDocument.of(figures.sessionDurationMs()),
                    DistributionDocument.of(figures.nodeExecutionMs()), figures.nodesFinished(),
                    figures.nodesPerSecond(window),
                    figures.failingNodes().stream()
                            .map(f -> new FailingNodeDocument(f.nodeId(), f.failures(), f.latestError()))
                            .toList());
        }
    }

    @RegisterForReflection
    public record PathDocument(String canvasPath, FiguresDocument figures) {
    }

    @RegisterForReflection
    public record DistributionDocument(long count, Long p50, Long p95, Long max) {
        static DistributionDocument of(Analytics.Distribution d) {
            return new DistributionDocument(d.count(), d.p50(), d.p95(), d.max());
        }
    }

    @RegisterForReflection
    public record FailingNodeDocument(String nodeId, long failures, String latestError) {
    }

    /** One hour's finished sessions per terminal status, by wire name. */
    @RegisterForReflection
    public record HourDocument(Instant hour, Map<String, Long> sessions) {
        static HourDocument of(Analytics.Hour hour) {
            return new HourDocument(hour.start(), counts(hour.byStatus()));
        }
    }

    /** Every terminal status by wire name, then the total. */
    private static Map<String, Long> counts(Map<SessionStatus, Long> byStatus) {
        Map<String, Long> counts = new LinkedHashMap<>();
        long total = 0;
        for (SessionStatus status : Analytics.TERMINAL) {
            long n = byStatus.get(status);
            counts.put(Wire.name(status), n);
            total += n;
        }
        counts.put("total", total);
        return counts;
    }
}
