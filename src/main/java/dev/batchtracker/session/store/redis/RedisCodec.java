package dev.batchtracker.session.store.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchtracker.session.NodeGroup;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Plan;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.Timeline;
import dev.batchtracker.session.codec.SessionJson;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How sessions and node results are written into Redis values.
 * <ul>
 *   <li>The session header is the shared {@link SessionJson} form without its groups (kept once, beside it, since
 *       they never change) — version, expiry and last activity live in their own hash fields, which the scripts
 *       compare and a heartbeat rewrites without touching the document.</li>
 *   <li>A node value is {@code STATUS|{json}}: the scripts read the status before the bar to keep the per-status
 *       index right without parsing JSON.</li>
 *   <li>Times the scripts compare are 19-digit epoch nanoseconds (string order is time order); index scores are
 *       epoch milliseconds.</li>
 * </ul>
 */
final class RedisCodec {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Pattern CREATION_KEY =
            Pattern.compile("\\d{19}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private RedisCodec() {
    }

    static String headerDoc(Session session) {
        return SessionJson.writeSession(
                with(session, withGroups(session.plan(), List.of()), session.timeline(), session.version()));
    }

    /** The stored header with what lives outside the document put back. */
    static Session header(String doc, List<NodeGroup> groups, String version, String expiresNanos, String activityNanos) {
        Session stored = SessionJson.readSession(doc);
        Timeline times = stored.timeline().toBuilder()
                .lastActivityAt(instantOfNanos(activityNanos))
                .expiresAt(instantOfNanos(expiresNanos))
                .build();
        return with(stored, withGroups(stored.plan(), groups), times, Long.parseLong(version));
    }

    static String groups(List<NodeGroup> groups) {
        return groups.isEmpty() ? "" : SessionJson.writeGroups(groups);
    }

    static List<NodeGroup> readGroups(String json) {
        return json == null || json.isEmpty() ? List.of() : SessionJson.readGroups(json);
    }

    private static Plan withGroups(Plan plan, List<NodeGroup> groups) {
        return new Plan(plan.canvasPath(), plan.nodeCount(), groups, plan.metadataJson(), plan.labels());
    }

    private static Session with(Session s, Plan plan, Timeline times, long version) {
        return new Session(s.id(), plan, s.status(), s.counts(), s.reportedProgress(), times, version, s.reason(),
                s.history(), s.origin());
    }

    static String nodeValue(NodeResult node) {
        ObjectNode json = JSON.objectNode();
        json.put("result", node.resultJson());
        json.put("error", node.error());
        json.put("started_at", text(node.startedAt()));
        json.put("finished_at", text(node.finishedAt()));
        json.put("updated_at", text(node.updatedAt()));
        return node.status().name() + "|" + json;
    }

    static NodeResult node(String nodeId, String value) {
        int bar = value.indexOf('|');
        NodeStatus status = NodeStatus.valueOf(value.substring(0, bar));
        try {
            JsonNode json = SessionJson.mapper().readTree(value.substring(bar + 1));
            return new NodeResult(nodeId, status, textOf(json, "result"), textOf(json, "error"),
                    instantOf(json, "started_at"), instantOf(json, "finished_at"), instantOf(json, "updated_at"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a stored node result: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String textOf(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instantOf(JsonNode json, String field) {
        String value = textOf(json, field);
        return value == null ? null : Instant.parse(value);
    }

    /** 19 digits, so that string comparison (in the scripts) is time comparison. */
    static String nanos(Instant instant) {
        long nanos = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
        if (nanos < 0) {
            throw new IllegalArgumentException("times before 1970 are not stored: " + instant);
        }
        return String.format("%019d", nanos);
    }

    static Instant instantOfNanos(String nanos) {
        long value = Long.parseLong(nanos);
        return Instant.ofEpochSecond(value / NANOS_PER_SECOND, value % NANOS_PER_SECOND);
    }

    static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    /** Sorts newest first as a string: the inverted creation time, then the id (ties by id). */
    static String creationKey(Instant createdAt, UUID id) {
        long nanos = Long.parseLong(nanos(createdAt));
        return String.format("%019d", Long.MAX_VALUE - nanos) + ":" + id;
    }

    /**
     * The creation keys of sessions created strictly before {@code at} are those above this bound: every key of an
     * older time has a larger inverted time, and ';' follows the ':' of the keys at {@code at} itself. Times outside
     * what a key can hold are clamped, which keeps the meaning (nothing is stored before 1970 or after 2262).
     */
    static String createdBeforeBound(Instant at) {
        return String.format("%019d", Long.MAX_VALUE - clampedNanos(at)) + ";";
    }

    /** The creation keys of sessions created strictly after {@code at} are those below this bound. */
    static String createdAfterBound(Instant at) {
        return String.format("%019d", Long.MAX_VALUE - clampedNanos(at)) + ":";
    }

    private static long clampedNanos(Instant at) {
        if (at.isBefore(Instant.EPOCH)) {
            return 0;
        }
        Instant last = Instant.ofEpochSecond(0, Long.MAX_VALUE);
        return at.isAfter(last) ? Long.MAX_VALUE : Long.parseLong(nanos(at));
    }

    static boolean isCreationKey(String text) {
        return CREATION_KEY.matcher(text).matches();
    }

    static Instant createdAtOf(String creationKey) {
        long inverted = Long.parseLong(creationKey.substring(0, creationKey.indexOf(':')));
        return instantOfNanos(Long.toString(Long.MAX_VALUE - inverted));
    }

    static UUID idOf(String creationKey) {
        return UUID.fromString(creationKey.substring(creationKey.indexOf(':') + 1));
    }
}
