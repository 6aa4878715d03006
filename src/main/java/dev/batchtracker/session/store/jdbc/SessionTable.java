package dev.batchtracker.session.store.jdbc;

import dev.batchtracker.session.InvalidRequestException;
import dev.batchtracker.session.NodeCounts;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.Origin;
import dev.batchtracker.session.Plan;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionFilter;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.Timeline;
import dev.batchtracker.session.codec.SessionJson;
import dev.batchtracker.session.store.ChangePage;
import dev.batchtracker.session.store.KeyOrder;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** {@code batch_session}: one row per session header, every column named once, in {@link #COLUMNS}. */
final class SessionTable {

    private static final Columns COLUMNS = Columns.of("id", "canvas_path", "status", "node_count", "groups_json",
            "metadata_json", "completed_nodes", "failed_nodes", "running_nodes", "reported_progress", "created_at",
            "updated_at", "last_activity_at", "started_at", "finished_at", "last_node_finished_at", "expires_at",
            "version", "reason", "history_json", "idempotency_key", "request_fingerprint", "labels_json",
            "compacted_at");
    /**
     * What a versioned write sets: all but the id, what the create fixed (plan and origin) and what only compaction
     * sets.
     */
    private static final Columns WRITTEN = COLUMNS.without("id", "canvas_path", "node_count", "groups_json",
            "metadata_json", "idempotency_key", "request_fingerprint", "labels_json", "compacted_at");
    private static final String SELECT = "SELECT " + COLUMNS.list() + " FROM batch_session";

    private static final NamedSql BY_ID = NamedSql.parse(SELECT + " WHERE id = :id");
    private static final NamedSql BY_KEY = NamedSql.parse(SELECT + " WHERE idempotency_key = :idempotency_key");
    private static final NamedSql TOUCH = NamedSql.parse("UPDATE batch_session SET"
            + " last_activity_at = :last_activity_at, expires_at = :expires_at"
            + " WHERE id = :id AND version = :expected_version");
    private static final NamedSql DELETE = NamedSql.parse("DELETE FROM batch_session WHERE id = :id"
            + " RETURNING " + COLUMNS.list());
    private static final NamedSql DELETE_EXPIRED = NamedSql.parse("DELETE FROM batch_session WHERE id = :id"
            + " AND expires_at <= :now RETURNING " + COLUMNS.list());
    private static final NamedSql CHANGES = NamedSql.parse("SELECT " + COLUMNS.list() + ", change_seq"
            + " FROM batch_session WHERE change_seq > :after AND change_seq <= :horizon"
            + " ORDER BY change_seq LIMIT :limit");
    private static final NamedSql EXPIRED = NamedSql.parse("SELECT id FROM batch_session"
            + " WHERE expires_at <= :cutoff ORDER BY expires_at, id LIMIT :limit");
    /** The predicate of the partial index batch_session_compactable, so both databases use it. */
    private static final String COMPACTABLE = "finished_at IS NOT NULL AND compacted_at IS NULL";
    private static final NamedSql COMPACTABLE_BEFORE = NamedSql.parse("SELECT id FROM batch_session WHERE "
            + COMPACTABLE + " AND finished_at <= :cutoff ORDER BY finished_at, id LIMIT :limit");
    /** {@link Session#isCompactableAt} as a condition: finished_at is set exactly when the status is terminal. */
    private static final NamedSql MARK_COMPACTED = NamedSql.parse("UPDATE batch_session SET compacted_at = :now"
            + " WHERE id = :id AND " + COMPACTABLE + " AND finished_at <= :cutoff");
    private final SqlDialect dialect;
    private final NamedSql insert;
    private final NamedSql update;
    /** {@link #update} and its nodes in one statement; null where the engine cannot (see the constructor). */
    private final NamedSql updateWithNodes;
    private final NamedSql figures;
    /** Past this many shapes, filtered statements are parsed per call rather than kept. */
    private static final int FILTER_SHAPES = 256;

    /**
     * Filtered listings and counts, by their SQL: it depends only on which parts a filter has and how many, so a
     * few shapes cover what clients send; the bound keeps odd mixes from growing it without end.
     */
    private final ConcurrentHashMap<String, NamedSql> filtered = new ConcurrentHashMap<>();

    SessionTable(SqlDialect dialect) {
        this.dialect = dialect;
        // Inserts and versioned updates number themselves in the change feed; a touch is no versioned change.
        this.insert = NamedSql.parse("INSERT INTO batch_session (" + COLUMNS.list() + ", change_seq)"
                + " VALUES (" + COLUMNS.params() + ", " + dialect.changeSeq() + ")"
                + " ON CONFLICT (idempotency_key) DO NOTHING");
        String update = "UPDATE batch_session SET " + WRITTEN.assignments()
                + ", change_seq = " + dialect.changeSeq() + " WHERE id = :id AND version = :expected_version";
        this.update = NamedSql.parse(update);
        // Needs array parameters for the nodes, and the change number taken inside the statement itself (SQLite
        // steps a counter in a statement of its own), and writable CTEs.
        this.updateWithNodes = dialect.arrayParameters() && dialect.nextChangeSeq() == null
                ? NamedSql.parse("WITH updated AS (" + update + " RETURNING id) " + NodeTable.upsertArraysOfUpdated())
                : null;
        this.figures = NamedSql.parse("SELECT status, COUNT(*) AS n,"
                + " SUM(CASE WHEN expires_at <= :now THEN 1 ELSE 0 END) AS expired,"
                + " SUM(CASE WHEN status = 'RUNNING' AND last_activity_at <= :stale_before THEN 1 ELSE 0 END) AS stale,"
                + " COUNT(finished_at) AS finished,"
                + " SUM(CASE WHEN finished_at IS NULL THEN 0 ELSE "
                + dialect.millisBetween("COALESCE(started_at, created_at)", "finished_at") + " END) AS duration,"
                + " MIN(created_at) AS oldest, MAX(created_at) AS newest"
                + " FROM batch_session GROUP BY status");
    }

    /** @return false when a concurrent create holds the idempotency key already */
    boolean insert(Connection c, Session session) throws SQLException {
        try (NamedStatement st = insert.prepare(c, dialect)) {
            return bindRow(st, session).executeUpdate() == 1;
        }
    }

    Optional<Session> find(Connection c, UUID id) throws SQLException {
        try (NamedStatement st = BY_ID.prepare(c, dialect)) {
            return first(st.id("id", id));
        }
    }

    Optional<Session> findByKey(Connection c, String idempotencyKey) throws SQLException {
        try (NamedStatement st = BY_KEY.prepare(c, dialect)) {
            return first(st.text("idempotency_key", idempotencyKey));
        }
    }

    /** @return false when the row is not at {@code expectedVersion} (or gone) */
    boolean update(Connection c, Session next, long expectedVersion) throws SQLException {
        try (NamedStatement st = update.prepare(c, dialect)) {
            return bindRow(st, next).bigint("expected_version", expectedVersion).executeUpdate() == 1;
        }
    }

    /** Whether {@link #updateWithNodes} can run here. */
    boolean updatesWithNodes() {
        return updateWithNodes != null;
    }

    /**
     * {@link #update} and the upsert of {@code nodes} (at least one, distinct ids) as one statement: where it runs in
     * auto-commit, a combined write is one round trip instead of three (update with its begin, upsert, commit).
     * The upsert reads the session id from the update's result, so it writes nothing when the version check fails.
     *
     * @return false when the row is not at {@code expectedVersion} (or gone); nothing was written then
     */
    boolean updateWithNodes(Connection c, Session next, long expectedVersion, Collection<NodeResult> nodes)
            throws SQLException {
        try (NamedStatement st = updateWithNodes.prepare(c, dialect)) {
            bindRow(st, next).bigint("expected_version", expectedVersion);
            return NodeTable.bindArrays(st, nodes).executeUpdate() == nodes.size();
        }
    }

    boolean touch(Connection c, UUID id, long expectedVersion, Instant activityAt, Instant expiresAt)
            throws SQLException {
        try (NamedStatement st = TOUCH.prepare(c, dialect)) {
            return st.id("id", id)
                    .bigint("expected_version", expectedVersion)
                    .time("last_activity_at", activityAt)
                    .time("expires_at", expiresAt)
                    .executeUpdate() == 1;
        }
    }

    /** Deletes the row whatever its expiry; returns what it held. */
    Optional<Session> delete(Connection c, UUID id) throws SQLException {
        try (NamedStatement st = DELETE.prepare(c, dialect)) {
            return first(st.id("id", id));
        }
    }

    /** Deletes the row only if it has expired by {@code now} (a write may have revived it); returns what it held. */
    Optional<Session> deleteExpired(Connection c, UUID id, Instant now) throws SQLException {
        try (NamedStatement st = DELETE_EXPIRED.prepare(c, dialect)) {
            return first(st.id("id", id).time("now", now));
        }
    }

    List<UUID> expiredBefore(Connection c, Instant cutoff, int limit) throws SQLException {
        return ids(c, EXPIRED, cutoff, limit);
    }

    List<UUID> compactableBefore(Connection c, Instant cutoff, int limit) throws SQLException {
        return ids(c, COMPACTABLE_BEFORE, cutoff, limit);
    }

    /** The ids a statement over :cutoff and :limit selects. */
    private List<UUID> ids(Connection c, NamedSql query, Instant cutoff, int limit) throws SQLException {
        try (NamedStatement st = query.prepare(c, dialect)) {
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = st.time("cutoff", cutoff).integer("limit", limit).executeQuery()) {
                while (rs.next()) {
                    ids.add(dialect.getId(rs, "id"));
                }
            }
            return ids;
        }
    }

    /**
     * Marks the session compacted if it is still compactable at {@code cutoff}: a conditional update, so of several
     * instances racing for it exactly one gets the row (the others wait on its lock, then find it compacted).
     */
    boolean markCompacted(Connection c, UUID id, Instant cutoff, Instant now) throws SQLException {
        try (NamedStatement st = MARK_COMPACTED.prepare(c, dialect)) {
            return st.id("id", id).time("cutoff", cutoff).time("now", now).executeUpdate() == 1;
        }
    }

    /**
     * Up to {@code rows} sessions matching the filter, newest first, after a listing key or from the start. With a
     * label selector the page is driven by {@code batch_label} (a key=value selector first: the narrower kind), so
     * the rows come in index order; the other parts of the filter are conditions on the rows it yields.
     */
    List<Session> page(Connection c, SessionFilter filter, CreationKey after, int rows) throws SQLException {
        FilterSql where = new FilterSql(filter, after != null);
        String sql = "SELECT " + COLUMNS.list("s") + where.fromWhere()
                + " ORDER BY " + where.order() + ".created_at DESC, " + where.orderId() + " ASC LIMIT :limit";
        try (NamedStatement st = prepare(c, sql)) {
            where.bind(st);
            if (after != null) {
                st.time("after_created_at", after.createdAt()).id("after_id", after.id());
            }
            return all(st.integer("limit", rows));
        }
    }

    /** Matching sessions per status, from the same conditions as {@link #page}. */
    Map<SessionStatus, Long> counts(Connection c, SessionFilter filter) throws SQLException {
        FilterSql where = new FilterSql(filter, false);
        String sql = "SELECT s.status AS status, COUNT(*) AS n" + where.fromWhere() + " GROUP BY s.status";
        Map<SessionStatus, Long> counts = new EnumMap<>(SessionStatus.class);
        try (NamedStatement st = prepare(c, sql)) {
            where.bind(st);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    counts.put(SessionStatus.valueOf(rs.getString("status")), rs.getLong("n"));
                }
            }
        }
        return counts;
    }

    private NamedStatement prepare(Connection c, String sql) throws SQLException {
        NamedSql named = filtered.get(sql);
        if (named == null) {
            named = NamedSql.parse(sql);
            if (filtered.size() < FILTER_SHAPES) {
                filtered.putIfAbsent(sql, named);
            }
        }
        return named.prepare(c, dialect);
    }

    /** The FROM and WHERE of a filtered listing, count or report; bind its parameters with {@link FilterSql#bind}. */
    FilterSql where(SessionFilter filter) {
        return new FilterSql(filter, false);
    }

    /** The FROM and WHERE of a filtered listing or count, and the binding of its parameters. */
    final class FilterSql {
        private final SessionFilter filter;
        private final List<SessionStatus> statuses;
        /** Index in the filter's selectors of the one that drives the query through batch_label; -1 for none. */
        private final int driving;
        private final String canvasEnd;
        private final boolean afterCursor;

        FilterSql(SessionFilter filter, boolean afterCursor) {
            this.filter = filter;
            this.statuses = filter.statuses().stream().sorted().toList();
            this.afterCursor = afterCursor;
            int valued = -1;
            for (int i = 0; i < filter.labels().size() && valued < 0; i++) {
                valued = filter.labels().get(i).value() != null ? i : -1;
            }
            this.driving = valued >= 0 ? valued : filter.labels().isEmpty() ? -1 : 0;
            this.canvasEnd = filter.canvasPathPrefix() == null ? null : KeyOrder.prefixEnd(filter.canvasPathPrefix());
        }

        /** The alias whose created_at orders the rows: the driving label rows when there are some. */
        String order() {
            return driving < 0 ? "s" : "d";
        }

        String orderId() {
            return driving < 0 ? "s.id" : "d.session_id";
        }

        String fromWhere() {
            return fromWhere("");
        }

        /** @param join more joins on {@code s}, e.g. its nodes; empty for none */
        String fromWhere(String join) {
            StringBuilder sql = new StringBuilder(" FROM batch_session s");
            if (driving >= 0) {
                sql.append(" JOIN batch_label d ON d.session_id = s.id");
            }
            sql.append(join);
            sql.append(" WHERE 1 = 1");
            List<SessionFilter.LabelSelector> labels = filter.labels();
            for (int i = 0; i < labels.size(); i++) {
                String alias = i == driving ? "d" : "l" + i;
                String match = alias + ".label_key = :lk" + i
                        + (labels.get(i).value() != null ? " AND " + alias + ".label_value = :lv" + i : "");
                if (i == driving) {
                    sql.append(" AND ").append(match);
                } else {
                    sql.append(" AND EXISTS (SELECT 1 FROM batch_label ").append(alias).append(" WHERE ")
                            .append(alias).append(".session_id = s.id AND ").append(match).append(')');
                }
            }
            if (!statuses.isEmpty()) {
                sql.append(" AND s.status IN (");
                for (int i = 0; i < statuses.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append(":st").append(i);
                }
                sql.append(')');
            }
            if (filter.canvasPathPrefix() != null) {
                String path = dialect.bytewise("s.canvas_path");
                sql.append(" AND ").append(path).append(" >= :canvas_from");
                if (canvasEnd != null) {
                    sql.append(" AND ").append(path).append(" < :canvas_to");
                }
            }
            String created = order() + ".created_at";
            if (filter.createdAfter() != null) {
                sql.append(" AND ").append(created).append(" > :created_after");
            }
            if (filter.createdBefore() != null) {
                sql.append(" AND ").append(created).append(" < :created_before");
            }
            if (afterCursor) {
                // Newest first, ties by id ascending: the rows after the cursor's (created_at, id).
                sql.append(" AND (").append(created).append(" < :after_created_at OR (").append(created)
                        .append(" = :after_created_at AND ").append(orderId()).append(" > :after_id))");
            }
            return sql.toString();
        }

        void bind(NamedStatement st) throws SQLException {
            List<SessionFilter.LabelSelector> labels = filter.labels();
            for (int i = 0; i < labels.size(); i++) {
                st.text("lk" + i, labels.get(i).key());
                if (labels.get(i).value() != null) {
                    st.text("lv" + i, labels.get(i).value());
                }
            }
            for (int i = 0; i < statuses.size(); i++) {
                st.text("st" + i, statuses.get(i).name());
            }
            if (filter.canvasPathPrefix() != null) {
                st.text("canvas_from", filter.canvasPathPrefix());
                if (canvasEnd != null) {
                    st.text("canvas_to", canvasEnd);
                }
            }
            if (filter.createdAfter() != null) {
                st.time("created_after", filter.createdAfter());
            }
            if (filter.createdBefore() != null) {
                st.time("created_before", filter.createdBefore());
            }
        }
    }

    /** Sessions numbered in (after, horizon], up to {@code limit}, in sequence order. */
    List<ChangePage.Change> changes(Connection c, long after, long horizon, int limit) throws SQLException {
        List<ChangePage.Change> found = new ArrayList<>();
        try (NamedStatement st = CHANGES.prepare(c, dialect);
             ResultSet rs = st.bigint("after", after).bigint("horizon", horizon).integer("limit", limit)
                     .executeQuery()) {
            while (rs.next()) {
                found.add(new ChangePage.Changed(rs.getLong("change_seq"), read(rs)));
            }
        }
        return found;
    }

    /** The per-status figures of {@link dev.batchtracker.session.store.StoreStats}, in one pass over the table. */
    Figures figures(Connection c, Instant now, Instant staleBefore) throws SQLException {
        Map<SessionStatus, Long> byStatus = new EnumMap<>(SessionStatus.class);
        long expired = 0;
        long stale = 0;
        long finished = 0;
        long durationSum = 0;
        Instant oldest = null;
        Instant newest = null;
        try (NamedStatement st = figures.prepare(c, dialect);
             ResultSet rs = st.time("now", now).time("stale_before", staleBefore).executeQuery()) {
            while (rs.next()) {
                byStatus.put(SessionStatus.valueOf(rs.getString("status")), rs.getLong("n"));
                expired += rs.getLong("expired");
                stale += rs.getLong("stale");
                finished += rs.getLong("finished");
                durationSum += rs.getLong("duration");
                Instant o = dialect.getTime(rs, "oldest");
                Instant n = dialect.getTime(rs, "newest");
                oldest = oldest == null || (o != null && o.isBefore(oldest)) ? o : oldest;
                newest = newest == null || (n != null && n.isAfter(newest)) ? n : newest;
            }
        }
        return new Figures(byStatus, expired, stale, finished, durationSum, oldest, newest);
    }

    record Figures(Map<SessionStatus, Long> byStatus, long expired, long stale, long finished, long durationSum,
                   Instant oldest, Instant newest) {
    }

    /** Where a listing page ended: the last row's creation time and id. */
    record CreationKey(Instant createdAt, UUID id) {
        static CreationKey of(Session session) {
            return new CreationKey(session.timeline().createdAt(), session.id());
        }

        String format() {
            return createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
        }

        static CreationKey parse(String text) {
            try {
                String[] parts = text.split(":", 3);
                return new CreationKey(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                        UUID.fromString(parts[2]));
            } catch (RuntimeException e) {
                throw new InvalidRequestException("cursor", "cursor is not one this service issued");
            }
        }
    }

    /** Binds every column of the row by name; a statement takes the ones it uses (and only those are encoded). */
    private static NamedStatement bindRow(NamedStatement st, Session s) throws SQLException {
        Plan plan = s.plan();
        Timeline times = s.timeline();
        return st.id("id", s.id())
                .text("canvas_path", plan.canvasPath())
                .text("status", s.status().name())
                .integer("node_count", plan.nodeCount())
                .text("groups_json", () -> SessionJson.writeGroups(plan.groups()))
                .text("metadata_json", plan.metadataJson())
                .integer("completed_nodes", s.counts().completed())
                .integer("failed_nodes", s.counts().failed())
                .integer("running_nodes", s.counts().running())
                .real("reported_progress", s.reportedProgress())
                .time("created_at", times.createdAt())
                .time("updated_at", times.updatedAt())
                .time("last_activity_at", times.lastActivityAt())
                .time("started_at", times.startedAt())
                .time("finished_at", times.finishedAt())
                .time("last_node_finished_at", times.lastNodeFinishedAt())
                .time("expires_at", times.expiresAt())
                .bigint("version", s.version())
                .text("reason", s.reason())
                .text("history_json", () -> SessionJson.writeHistory(s.history()))
                .text("idempotency_key", s.origin().idempotencyKey())
                .text("request_fingerprint", s.origin().requestFingerprint())
                .text("labels_json", () -> SessionJson.writeLabels(plan.labels()))
                .time("compacted_at", times.compactedAt());
    }

    private Optional<Session> first(NamedStatement st) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private List<Session> all(NamedStatement st) throws SQLException {
        List<Session> sessions = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                sessions.add(read(rs));
            }
        }
        return sessions;
    }

    private Session read(ResultSet rs) throws SQLException {
        return new Session(
                dialect.getId(rs, "id"),
                new Plan(rs.getString("canvas_path"), rs.getInt("node_count"),
                        SessionJson.readGroups(rs.getString("groups_json")), rs.getString("metadata_json"),
                        SessionJson.readLabels(rs.getString("labels_json"))),
                SessionStatus.valueOf(rs.getString("status")),
                new NodeCounts(rs.getInt("completed_nodes"), rs.getInt("failed_nodes"), rs.getInt("running_nodes")),
                rs.getDouble("reported_progress"),
                Timeline.builder()
                        .createdAt(dialect.getTime(rs, "created_at"))
                        .updatedAt(dialect.getTime(rs, "updated_at"))
                        .lastActivityAt(dialect.getTime(rs, "last_activity_at"))
                        .startedAt(dialect.getTime(rs, "started_at"))
                        .finishedAt(dialect.getTime(rs, "finished_at"))
                        .lastNodeFinishedAt(dialect.getTime(rs, "last_node_finished_at"))
                        .expiresAt(dialect.getTime(rs, "expires_at"))
                        .compactedAt(dialect.getTime(rs, "compacted_at"))
                        .build(),
                rs.getLong("version"),
                rs.getString("reason"),
                SessionJson.readHistory(rs.getString("history_json")),
                Origin.of(rs.getString("idempotency_key"), rs.getString("request_fingerprint")));
    }
}
