package dev.batchtracker.session.store;

import dev.batchtracker.session.GoneReason;

import java.util.EnumMap;
import java.util.Map;

/**
 * The counters a store keeps in the same step as the writes they count, so reading them needs no walk of the
 * store: cheap enough for every request, and exact as soon as the write that changed them has answered.
 *
 * @param created sessions ever inserted
 * @param removed sessions ever removed, per reason (a reason a store leaves out is filled in as zero)
 * @param compacted sessions ever compacted ({@link SessionStore#compact}), each counted once
 */
public record StoreTotals(long created, Map<GoneReason, Long> removed, long compacted) {

    public StoreTotals {
        Map<GoneReason, Long> all = new EnumMap<>(GoneReason.class);
        for (GoneReason reason : GoneReason.values()) {
            all.put(reason, removed.getOrDefault(reason, 0L));
        }
        removed = Map.copyOf(all);
    }

    public long removedAll() {
        return removed.values().stream().mapToLong(Long::longValue).sum();
    }
}
