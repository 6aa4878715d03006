package dev.batchtracker.session;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which sessions a list, a count or a collection feed is about. Every part is optional; the parts combine with AND.
 *
 * @param statuses any of these (OR); empty means every status
 * @param labels every selector must hold (AND)
 * @param canvasPathPrefix null when none
 * @param createdAfter exclusive; null when none
 * @param createdBefore exclusive; null when none
 */
public record SessionFilter(Set<SessionStatus> statuses, List<LabelSelector> labels, String canvasPathPrefix,
                            Instant createdAfter, Instant createdBefore) {

    public static final SessionFilter ALL = new SessionFilter(Set.of(), List.of(), null, null, null);

    public SessionFilter {
        statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        labels = List.copyOf(labels);
    }

    public static SessionFilter ofStatus(SessionStatus status) {
        return status == null ? ALL : new SessionFilter(Set.of(status), List.of(), null, null, null);
    }

    /** {@code key=value}, or only that the key is present when {@code value} is null. */
    public record LabelSelector(String key, String value) {
        public boolean matches(Labels labels) {
            String actual = labels.entries().get(key);
            return actual != null && (value == null || value.equals(actual));
        }
    }

    public boolean isAll() {
        return statuses.isEmpty() && labels.isEmpty() && canvasPathPrefix == null && createdAfter == null
                && createdBefore == null;
    }

    /** The reference meaning of the filter; stores answer from indexes but must agree with it. */
    public boolean matches(Session session) {
        if (!statuses.isEmpty() && !statuses.contains(session.status())) {
            return false;
        }
        Plan plan = session.plan();
        for (LabelSelector selector : labels) {
            if (!selector.matches(plan.labels())) {
                return false;
            }
        }
        if (canvasPathPrefix != null && !plan.canvasPath().startsWith(canvasPathPrefix)) {
            return false;
        }
        Instant created = session.timeline().createdAt();
        return (createdAfter == null || created.isAfter(createdAfter))
                && (createdBefore == null || created.isBefore(createdBefore));
    }
}
