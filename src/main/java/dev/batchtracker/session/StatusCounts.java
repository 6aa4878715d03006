package dev.batchtracker.session;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many sessions of each status match a filter; every status is present (0 when none).
 *
 * @param byStatus one entry per status
 */
public record StatusCounts(Map<SessionStatus, Long> byStatus) {

    public StatusCounts {
        EnumMap<SessionStatus, Long> all = new EnumMap<>(SessionStatus.class);
        for (SessionStatus status : SessionStatus.values()) {
            all.put(status, byStatus.getOrDefault(status, 0L));
        }
        byStatus = Collections.unmodifiableMap(all);
    }

    public long of(SessionStatus status) {
        return byStatus.get(status);
    }

    public long total() {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }
}
