package dev.batchtracker.session.store.jdbc;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.InvalidRequestException;
import dev.batchtracker.session.NodeCounts;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Origin;
import dev.batchtracker.session.Page;
import dev.batchtracker.session.Plan;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.Timeline;
import dev.batchtracker.session.Tombstone;
import dev.batchtracker.session.codec.SessionJson;
import dev.batchtracker.session.store.Cursors;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.StoreStats;
import dev.batchtracker.session.Wire;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
import java.util.concurrent.ThreadLocalRandom;

/**
 * The session store over SQL (SQLite and PostgreSQL share it; {@link SqlDialect} holds their differences).
 * <p>
 * Every versioned write is {@code UPDATE … WHERE id = ? AND version = ?} in one transaction with its node upsert:
 * the row lock of that UPDATE is the only lock, held for one short transaction. Totals live in the database,
 * beside the data they count and in the same transactions, so every instance sharing the database reports the
 * same figures. They are spread over a few counter rows per name so that concurrent creates do not queue on one
 * row; readers sum them.
 */
public class JdbcSessionStore implements SessionStore, AutoCloseable {

    static final String SESSION_COLUMNS = "id, canvas_path, status, node_count, groups_json, metadata_json,"
            + " completed_nodes, failed_nodes, running_nodes, reported_progress, created_at, updated_at,"
            + " last_activity_at, started_at, finished_at, last_node_finished_at, expires_at, version, reason,"
            + " history_json, idempotency_key, request_fingerprint";
    private static final String NODE_COLUMNS =
            "node_id, status, result_json, error, started_at, finished_at, updated_at";
    static final String TOTAL_CREATED = "created";
    /** Counter rows per total: enough to spread concurrent creates, few enough to sum cheaply. */
    static final int TOTAL_SHARDS = 8;
    /** Rows per statement batch when a grouped session brings many pending nodes. */
    private static final int NODE_BATCH = 1_000;

    private final ConnectionSource db;
    private final SqlDialect dialect;

    public JdbcSessionStore(ConnectionSource db, SqlDialect dialect) {
        this.db = db;
        this.dialect = dialect;
    }

    @Override
    public InsertResult insert(Session session, Collection<NodeResult> initialNodes) {
        while (true) {
            InsertResult result = db.write(c -> {
                String key = session.origin().idempotencyKey();
                if (key != null) {
                    Optional<Session> holder = findByKey(c, key);
                    if (holder.isPresent()) {
                        return new InsertResult.KeyTaken(holder.get());
                    }
                }
                if (insertRow(c, session) == 0) {
                    return null; // a concurrent create took the key between the look-up and the insert
                }
                insertNodes(c, session.id(), initialNodes);
                addToTotal(c, TOTAL_CREATED);
                return new InsertResult.Inserted(session);
            });
            if (result != null) {
                return result;
            }
        }
    }

    private Optional<Session> findByKey(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + SESSION_COLUMNS + " FROM batch_session WHERE idempotency_key = ?")) {
            ps.setString(1, key);
            return oneSession(ps);
        }
    }

    private int insertRow(Connection c, Session s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_session (" + SESSION_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (idempotency_key) DO NOTHING")) {
            dialect.setId(ps, 1, s.id());
            ps.setString(2, s.plan().canvasPath());
            ps.setString(3, s.status().name());
            ps.setInt(4, s.plan().nodeCount());
            ps.setString(5, SessionJson.writeGroups(s.plan().groups()));
            ps.setString(6, s.plan().metadataJson());
            bindMutable(ps, 7, s);
            ps.setString(21, s.origin().idempotencyKey());
            ps.setString(22, s.origin().requestFingerprint());
            return ps.executeUpdate();
        }
    }

    /** Binds the columns a write may change, completed_nodes … history_json, from {@code first} on (14 of them). */
    private void bindMutable(PreparedStatement ps, int first, Session s) throws SQLException {
        int i = first;
        ps.setInt(i++, s.counts().completed());
        ps.setInt(i++, s.counts().failed());
        ps.setInt(i++, s.counts().running());
        ps.setDouble(i++, s.reportedProgress());
        Timeline t = s.timeline();
        dialect.setTime(ps, i++, t.createdAt());
        dialect.setTime(ps, i++, t.updatedAt());
        dialect.setTime(ps, i++, t.lastActivityAt());
        dialect.setTime(ps, i++, t.startedAt());
        dialect.setTime(ps, i++, t.finishedAt());
        dialect.setTime(ps, i++, t.lastNodeFinishedAt());
        dialect.setTime(ps, i++, t.expiresAt());
        ps.setLong(i++, s.version());
        ps.setString(i++, s.reason());
        ps.setString(i, SessionJson.writeHistory(s.history()));
    }

    private void insertNodes(Connection c, UUID id, Collection<NodeResult> nodes) throws SQLException {
        if (nodes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_node (session_id, " + NODE_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (NodeResult node : nodes) {
                bindNode(ps, id, node);
                ps.addBatch();
                if (++pending == NODE_BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    private void bindNode(PreparedStatement ps, UUID id, NodeResult node) throws SQLException {
        dialect.setId(ps, 1, id);
        ps.setString(2, node.nodeId());
        ps.setString(3, node.status().name());
        ps.setString(4, node.resultJson());
        ps.setString(5, node.error());
        dialect.setTime(ps, 6, node.startedAt());
        dialect.setTime(ps, 7, node.finishedAt());
        dialect.setTime(ps, 8, node.updatedAt());
    }

    private static void addToTotal(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_totals (name, shard, total) VALUES (?, ?, 1)"
                + " ON CONFLICT (name, shard) DO UPDATE SET total = batch_totals.total + 1")) {
            ps.setString(1, name);
            ps.setInt(2, ThreadLocalRandom.current().nextInt(TOTAL_SHARDS));
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<Session> find(UUID id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + SESSION_COLUMNS + " FROM batch_session WHERE id = ?")) {
                dialect.setId(ps, 1, id);
                return oneSession(ps);
            }
        });
    }

    @Override
    public long count() {
        // created − removed, kept in the same transactions as the rows: exact, and no scan of the table.
        return db.read(c -> {
            Map<String, Long> totals = totals(c);
            long removed = 0;
            for (GoneReason reason : GoneReason.values()) {
                removed += totals.getOrDefault(removedTotal(reason), 0L);
            }
            return totals.getOrDefault(TOTAL_CREATED, 0L) - removed;
        });
    }

    private static Map<String, Long> totals(Connection c) throws SQLException {
        Map<String, Long> totals = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, SUM(total) FROM batch_totals GROUP BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                totals.put(rs.getString(1), rs.getLong(2));
            }
        }
        return totals;
    }

    static String removedTotal(GoneReason reason) {
        return "removed_" + Wire.name(reason);
    }

    @Override
    public Optional<NodeResult> findNode(UUID id, String nodeId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + NODE_COLUMNS + " FROM batch_node WHERE session_id = ? AND node_id = ?")) {
                dialect.setId(ps, 1, id);
                ps.setString(2, nodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(node(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean update(Session next, long expectedVersion, NodeResult node) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE batch_session SET status = ?,"
                    + " completed_nodes = ?, failed_nodes = ?, running_nodes = ?, reported_progress = ?,"
                    + " created_at = ?, updated_at = ?, last_activity_at = ?, started_at = ?, finished_at = ?,"
                    + " last_node_finished_at = ?, expires_at = ?, version = ?, reason = ?, history_json = ?"
                    + " WHERE id = ? AND version = ?")) {
                ps.setString(1, next.status().name());
                bindMutable(ps, 2, next);
                dialect.setId(ps, 16, next.id());
                ps.setLong(17, expectedVersion);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            if (node != null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_node (session_id, " + NODE_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, node_id) DO UPDATE SET"
                        + " status = excluded.status, result_json = excluded.result_json, error = excluded.error,"
                        + " started_at = excluded.started_at, finished_at = excluded.finished_at,"
                        + " updated_at = excluded.updated_at")) {
                    bindNode(ps, next.id(), node);
                    ps.executeUpdate();
                }
            }
            return true;
        });
    }

    @Override
    public boolean touch(UUID id, long expectedVersion, Instant activityAt, Instant expiresAt) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE batch_session SET last_activity_at = ?,"
                    + " expires_at = ? WHERE id = ? AND version = ?")) {
                dialect.setTime(ps, 1, activityAt);
                dialect.setTime(ps, 2, expiresAt);
                dialect.setId(ps, 3, id);
                ps.setLong(4, expectedVersion);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Page<NodeResult> nodes(UUID id, NodeStatus status, String cursor, int limit) {
        String after = Cursors.decode(cursor);
        return db.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT " + NODE_COLUMNS + " FROM batch_node WHERE session_id = ?");
            if (status != null) {
                sql.append(" AND status = ?");
            }
            if (after != null) {
                sql.append(" AND node_id > ?");
            }
            sql.append(" ORDER BY node_id LIMIT ?");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                dialect.setId(ps, i++, id);
                if (status != null) {
                    ps.setString(i++, status.name());
                }
                if (after != null) {
                    ps.setString(i++, after);
                }
                ps.setInt(i, limit + 1);
                List<NodeResult> items = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(node(rs));
                    }
                }
                return Cursors.page(items, limit, NodeResult::nodeId);
            }
        });
    }

    @Override
    public Page<Session> list(SessionStatus status, String cursor, int limit) {
        String after = Cursors.decode(cursor);
        CreationKey key = after == null ? null : CreationKey.parse(after);
        return db.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT " + SESSION_COLUMNS + " FROM batch_session WHERE 1 = 1");
            if (status != null) {
                sql.append(" AND status = ?");
            }
            if (key != null) {
                // Newest first, ties by id ascending: the rows after the cursor's (created_at, id).
                sql.append(" AND (created_at < ? OR (created_at = ? AND id > ?))");
            }
            sql.append(" ORDER BY created_at DESC, id ASC LIMIT ?");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                if (status != null) {
                    ps.setString(i++, status.name());
                }
                if (key != null) {
                    dialect.setTime(ps, i++, key.createdAt());
                    dialect.setTime(ps, i++, key.createdAt());
                    dialect.setId(ps, i++, key.id());
                }
                ps.setInt(i, limit + 1);
                return Cursors.page(sessions(ps), limit, session -> CreationKey.of(session).format());
            }
        });
    }

    /** Where a listing page ended. */
    private record CreationKey(Instant createdAt, UUID id) {
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

    @Override
    public Optional<Session> remove(UUID id, GoneReason reason, Instant now, Instant tombstoneUntil) {
        return db.write(c -> {
            // Conditional delete: of several instances' cleanups racing for one session, one deletes the row and
            // counts it; the others delete nothing. An expired session that a write revived is not expired here.
            String condition = reason == GoneReason.EXPIRED ? " AND expires_at <= ?" : "";
            Optional<Session> removed;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM batch_session WHERE id = ?" + condition
                    + " RETURNING " + SESSION_COLUMNS)) {
                dialect.setId(ps, 1, id);
                if (reason == GoneReason.EXPIRED) {
                    dialect.setTime(ps, 2, now);
                }
                removed = oneSession(ps);
            }
            if (removed.isEmpty()) {
                return removed;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM batch_node WHERE session_id = ?")) {
                dialect.setId(ps, 1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_tombstone (id, reason, gone_at,"
                    + " keep_until) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET reason = excluded.reason,"
                    + " gone_at = excluded.gone_at, keep_until = excluded.keep_until")) {
                dialect.setId(ps, 1, id);
                ps.setString(2, reason.name());
                dialect.setTime(ps, 3, now);
                dialect.setTime(ps, 4, tombstoneUntil);
                ps.executeUpdate();
            }
            addToTotal(c, removedTotal(reason));
            return removed;
        });
    }

    @Override
    public List<UUID> expiredBefore(Instant cutoff, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM batch_session WHERE expires_at <= ?"
                    + " ORDER BY expires_at, id LIMIT ?")) {
                dialect.setTime(ps, 1, cutoff);
                ps.setInt(2, limit);
                List<UUID> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(dialect.getId(rs, "id"));
                    }
                }
                return ids;
            }
        });
    }

    @Override
    public Optional<Tombstone> findTombstone(UUID id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, reason, gone_at, keep_until FROM batch_tombstone WHERE id = ?")) {
                dialect.setId(ps, 1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Tombstone(dialect.getId(rs, "id"), GoneReason.valueOf(rs.getString("reason")),
                            dialect.getTime(rs, "gone_at"), dialect.getTime(rs, "keep_until")));
                }
            }
        });
    }

    @Override
    public int purgeTombstones(Instant now, int limit) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM batch_tombstone WHERE id IN"
                    + " (SELECT id FROM batch_tombstone WHERE keep_until <= ? ORDER BY keep_until LIMIT ?)")) {
                dialect.setTime(ps, 1, now);
                ps.setInt(2, limit);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public StoreStats stats(Instant now, Instant staleBefore) {
        return db.read(c -> {
            Map<SessionStatus, Long> byStatus = new EnumMap<>(SessionStatus.class);
            long expired = 0;
            long stale = 0;
            long finished = 0;
            long durationSum = 0;
            Instant oldest = null;
            Instant newest = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) AS n,"
                    + " SUM(CASE WHEN expires_at <= ? THEN 1 ELSE 0 END) AS expired,"
                    + " SUM(CASE WHEN status = 'RUNNING' AND last_activity_at <= ? THEN 1 ELSE 0 END) AS stale,"
                    + " COUNT(finished_at) AS finished,"
                    + " SUM(CASE WHEN finished_at IS NULL THEN 0 ELSE "
                    + dialect.millisBetween("COALESCE(started_at, created_at)", "finished_at") + " END) AS duration,"
                    + " MIN(created_at) AS oldest, MAX(created_at) AS newest"
                    + " FROM batch_session GROUP BY status")) {
                dialect.setTime(ps, 1, now);
                dialect.setTime(ps, 2, staleBefore);
                try (ResultSet rs = ps.executeQuery()) {
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
            }
            Map<String, Long> totals = totals(c);
            Map<GoneReason, Long> removed = new EnumMap<>(GoneReason.class);
            for (GoneReason reason : GoneReason.values()) {
                removed.put(reason, totals.getOrDefault(removedTotal(reason), 0L));
            }
            return new StoreStats(byStatus, expired, stale, totals.getOrDefault(TOTAL_CREATED, 0L), removed,
                    finished, durationSum, oldest, newest, dialect.approxBytes(c));
        });
    }

    @Override
    public void ping() {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    private Optional<Session> oneSession(PreparedStatement ps) throws SQLException {
        List<Session> found = sessions(ps);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private List<Session> sessions(PreparedStatement ps) throws SQLException {
        List<Session> sessions = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sessions.add(session(rs));
            }
        }
        return sessions;
    }

    private Session session(ResultSet rs) throws SQLException {
        return new Session(
                dialect.getId(rs, "id"),
                new Plan(rs.getString("canvas_path"), rs.getInt("node_count"),
                        SessionJson.readGroups(rs.getString("groups_json")), rs.getString("metadata_json")),
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
                        .build(),
                rs.getLong("version"),
                rs.getString("reason"),
                SessionJson.readHistory(rs.getString("history_json")),
                Origin.of(rs.getString("idempotency_key"), rs.getString("request_fingerprint")));
    }

    private NodeResult node(ResultSet rs) throws SQLException {
        return new NodeResult(
                rs.getString("node_id"),
                NodeStatus.valueOf(rs.getString("status")),
                rs.getString("result_json"),
                rs.getString("error"),
                dialect.getTime(rs, "started_at"),
                dialect.getTime(rs, "finished_at"),
                dialect.getTime(rs, "updated_at"));
    }

    @Override
    public void close() {
        db.close();
    }
}
