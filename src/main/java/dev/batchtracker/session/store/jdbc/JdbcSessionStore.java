package dev.batchtracker.session.store.jdbc;

import dev.batchtracker.session.Analytics;
import dev.batchtracker.session.AnalyticsQuery;
import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Page;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionFilter;
import dev.batchtracker.session.StatusCounts;
import dev.batchtracker.session.Tombstone;
import dev.batchtracker.session.store.ChangePage;
import dev.batchtracker.session.store.Cursors;
import dev.batchtracker.session.store.NodeFigures;
import dev.batchtracker.session.store.PackedNodes;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.StoreStats;
import dev.batchtracker.session.store.StoreTotals;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The session store over SQL (SQLite and PostgreSQL share it; {@link SqlDialect} holds their differences). It
 * composes one class per table — {@link SessionTable}, {@link NodeTable}, {@link TombstoneTable},
 * {@link TotalsTable} — and owns the transactions around them.
 * <p>
 * Every versioned write is {@code UPDATE … WHERE id = ? AND version = ?} in one transaction with its node upsert:
 * the row lock of that UPDATE is the only lock, held for one short transaction. Totals live in the database,
 * beside the data they count and in the same transactions, so every instance sharing the database reports the
 * same figures.
 */
public class JdbcSessionStore implements SessionStore, AutoCloseable {

    /** Sessions read per round when filling in pre-V6 node figures. */
    private static final int FILL_IN_BATCH = 500;

    private final ConnectionSource db;
    private final SqlDialect dialect;
    private final SessionTable sessions;
    private final NodeTable nodes;
    private final TombstoneTable tombstones;
    private final TotalsTable totals;
    private final LabelTable labels;
    private final AnalyticsTable analytics;
    private final CompactedFiguresTable compactedFigures;
    /** Whether this instance has filled in the node figures of sessions packed before schema V6 (see analytics). */
    private volatile boolean figuresFilledIn;

    public JdbcSessionStore(ConnectionSource db, SqlDialect dialect) {
        this.db = db;
        this.dialect = dialect;
        this.sessions = new SessionTable(dialect);
        this.nodes = new NodeTable(dialect);
        this.tombstones = new TombstoneTable(dialect);
        this.totals = new TotalsTable(dialect);
        this.labels = new LabelTable(dialect);
        this.analytics = new AnalyticsTable(dialect, sessions);
        this.compactedFigures = new CompactedFiguresTable(dialect);
    }

    @Override
    public InsertResult insert(Session session, Collection<NodeResult> initialNodes) {
        String key = session.origin().idempotencyKey();
        while (true) {
            InsertResult result = db.write(c -> {
                if (key != null) {
                    Optional<Session> holder = sessions.findByKey(c, key);
                    if (holder.isPresent()) {
                        return new InsertResult.KeyTaken(holder.get());
                    }
                }
                totals.numberChange(c);
                if (!sessions.insert(c, session)) {
                    return null; // a concurrent create took the key between the look-up and the insert
                }
                nodes.insertAll(c, session.id(), initialNodes);
                labels.insertAll(c, session);
                totals.addCreated(c);
                return new InsertResult.Inserted(session);
            });
            if (result != null) {
                return result;
            }
        }
    }

    @Override
    public Optional<Session> find(UUID id) {
        return db.read(c -> sessions.find(c, id));
    }

    @Override
    public long count() {
        return db.read(c -> totals.read(c).stored());
    }

    @Override
    public StoreTotals totals() {
        return db.read(c -> {
            TotalsTable.Totals read = totals.read(c);
            return new StoreTotals(read.created(), read.removed(), read.compacted());
        });
    }

    @Override
    public Optional<NodeResult> findNode(UUID id, String nodeId) {
        return db.read(c -> {
            Optional<NodeResult> found = nodes.find(c, id, nodeId);
            if (found.isPresent()) {
                return found;
            }
            PackedNodes packed = nodes.packed(c, id);
            return packed == null ? found : Optional.ofNullable(packed.find(nodeId));
        });
    }

    /**
     * Node rows first; the packed nodes too only when some are missing and the read is of a finished session (only
     * those are compacted): a first report of a node into a running session, the common case, costs no second
     * look-up and no second round trip.
     */
    @Override
    public Map<String, NodeResult> findNodes(Session read, Collection<String> nodeIds) {
        UUID id = read.id();
        return db.read(c -> {
            Map<String, NodeResult> found = nodes.findAll(c, id, nodeIds);
            if (found.size() == nodeIds.size() || !read.status().isTerminal()) {
                return found;
            }
            PackedNodes packed = nodes.packed(c, id);
            if (packed == null) {
                return found;
            }
            Map<String, NodeResult> all = new HashMap<>(found);
            for (String nodeId : nodeIds) {
                NodeResult node = packed.find(nodeId);
                if (node != null) {
                    all.put(nodeId, node);
                }
            }
            return all;
        });
    }

    @Override
    public boolean updateAll(Session next, long expectedVersion, Collection<NodeResult> nodes) {
        if (!nodes.isEmpty() && sessions.updatesWithNodes()) {
            return db.writeStatement(c -> sessions.updateWithNodes(c, next, expectedVersion, nodes));
        }
        return db.write(c -> {
            totals.numberChange(c);
            if (!sessions.update(c, next, expectedVersion)) {
                return false;
            }
            this.nodes.putAll(c, next.id(), nodes);
            return true;
        });
    }

    @Override
    public boolean touch(UUID id, long expectedVersion, Instant activityAt, Instant expiresAt) {
        return db.write(c -> sessions.touch(c, id, expectedVersion, activityAt, expiresAt));
    }

    @Override
    public Page<NodeResult> nodes(UUID id, NodeStatus status, String cursor, int limit) {
        String after = Cursors.decode(cursor);
        return db.read(c -> {
            List<NodeResult> rows = nodes.page(c, id, status, after, limit + 1);
            PackedNodes packed = rows.isEmpty() ? nodes.packed(c, id) : null; // a compacted session has no rows
            return Cursors.page(packed == null ? rows : packed.page(status, after, limit + 1), limit,
                    NodeResult::nodeId);
        });
    }

    @Override
    public Page<Session> list(SessionFilter filter, String cursor, int limit) {
        String after = Cursors.decode(cursor);
        SessionTable.CreationKey key = after == null ? null : SessionTable.CreationKey.parse(after);
        return db.read(c -> Cursors.page(sessions.page(c, filter, key, limit + 1), limit,
                session -> SessionTable.CreationKey.of(session).format()));
    }

    @Override
    public StatusCounts counts(SessionFilter filter) {
        return new StatusCounts(db.read(c -> sessions.counts(c, filter)));
    }

    /**
     * One connection, one statement per figure, each with its own snapshot: a session finishing meanwhile may count
     * in one figure and not yet in another, as between two reports.
     */
    @Override
    public Analytics analytics(AnalyticsQuery query) {
        if (!figuresFilledIn) {
            fillInCompactedFigures();
            figuresFilledIn = true;
        }
        return db.read(c -> analytics.read(c, query));
    }

    /**
     * Sessions compacted before schema V6 have packed nodes but no node figures beside them; the first report of
     * each instance writes them, from the packed values, so no report leaves those sessions' nodes out. Each one is
     * claimed by a conditional update, so instances doing this at once write each session's figures once.
     */
    private void fillInCompactedFigures() {
        List<UUID> ids;
        do {
            ids = db.read(c -> compactedFigures.unsummarised(c, FILL_IN_BATCH));
            for (UUID id : ids) {
                db.write(c -> {
                    PackedNodes packed = compactedFigures.claim(c, id) ? nodes.packed(c, id) : null;
                    if (packed != null) {
                        compactedFigures.insert(c, id, NodeFigures.of(packed.all()));
                    }
                    return null;
                });
            }
        } while (!ids.isEmpty());
    }

    @Override
    public Optional<Session> remove(UUID id, GoneReason reason, Instant now, Instant tombstoneUntil) {
        return db.write(c -> {
            // Conditional delete: of several instances' cleanups racing for one session, one deletes the row and
            // counts it; the others delete nothing. An expired session that a write revived is not expired here.
            Optional<Session> removed = reason == GoneReason.EXPIRED
                    ? sessions.deleteExpired(c, id, now)
                    : sessions.delete(c, id);
            if (removed.isEmpty()) {
                return removed;
            }
            nodes.deleteAll(c, id);
            compactedFigures.deleteAll(c, id);
            labels.deleteAll(c, id);
            totals.numberChange(c);
            tombstones.put(c, new Tombstone(id, reason, now, tombstoneUntil));
            totals.addRemoved(c, reason);
            return removed;
        });
    }

    @Override
    public List<UUID> expiredBefore(Instant cutoff, int limit) {
        return db.read(c -> sessions.expiredBefore(c, cutoff, limit));
    }

    @Override
    public List<UUID> compactableBefore(Instant cutoff, int limit) {
        return db.read(c -> sessions.compactableBefore(c, cutoff, limit));
    }

    @Override
    public boolean compact(UUID id, Instant cutoff, Instant now) {
        return db.write(c -> {
            // The conditional mark decides, as a conditional delete does for removal: the one transaction that
            // marks the row packs the nodes and counts it; no change number (no versioned change).
            if (!sessions.markCompacted(c, id, cutoff, now)) {
                return false;
            }
            compactedFigures.insert(c, id, NodeFigures.of(nodes.pack(c, id).all()));
            totals.addCompacted(c);
            return true;
        });
    }

    @Override
    public Optional<Tombstone> findTombstone(UUID id) {
        return db.read(c -> tombstones.find(c, id));
    }

    @Override
    public int purgeTombstones(Instant now, int limit) {
        return db.write(c -> {
            TombstoneTable.Purged purged = tombstones.purge(c, now, limit);
            if (purged.count() > 0) {
                totals.raiseFloor(c, purged.highestSeq());
            }
            return purged.count();
        });
    }

    /**
     * Separate statements, each with its own snapshot, are enough: rows numbered at or below the horizon were all
     * committed before the rows are read, and a row renumbered meanwhile shows at its new number in a later page.
     * The floor is read last, so a purge during the read is noticed.
     */
    @Override
    public ChangePage changesAfter(long after, int limit) {
        return db.read(c -> {
            long horizon = totals.changeHorizon(c);
            List<ChangePage.Change> found = new ArrayList<>();
            if (after < horizon) {
                found.addAll(sessions.changes(c, after, horizon, limit + 1));
                found.addAll(tombstones.changes(c, after, horizon, limit + 1));
                found.sort(Comparator.comparingLong(ChangePage.Change::seq));
            }
            List<ChangePage.Change> candidates = found.size() > limit + 1 ? found.subList(0, limit + 1) : found;
            return ChangePage.of(candidates, limit, after, horizon, totals.floor(c));
        });
    }

    @Override
    public long feedPosition() {
        return db.read(totals::changeHorizon);
    }

    @Override
    public StoreStats stats(Instant now, Instant staleBefore) {
        return db.read(c -> {
            SessionTable.Figures figures = sessions.figures(c, now, staleBefore);
            TotalsTable.Totals sums = totals.read(c);
            return new StoreStats(figures.byStatus(), figures.expired(), figures.stale(), sums.created(),
                    sums.removed(), figures.finished(), figures.durationSum(), figures.oldest(), figures.newest(),
                    dialect.approxBytes(c));
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

    @Override
    public void close() {
        db.close();
    }
}
