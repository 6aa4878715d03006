package dev.batchtracker.testing;

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
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.StoreStats;
import dev.batchtracker.session.store.StoreTotals;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** Passes every call to a real store; tests override the calls they want to watch or break. */
public class ForwardingSessionStore implements SessionStore {

    protected final SessionStore delegate;

    public ForwardingSessionStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public InsertResult insert(Session session, Collection<NodeResult> initialNodes) {
        return delegate.insert(session, initialNodes);
    }

    @Override
    public Optional<Session> find(UUID id) {
        return delegate.find(id);
    }

    @Override
    public long count() {
        return delegate.count();
    }

    @Override
    public OptionalLong heapFootprint() {
        return delegate.heapFootprint();
    }

    @Override
    public Optional<NodeResult> findNode(UUID id, String nodeId) {
        return delegate.findNode(id, nodeId);
    }

    @Override
    public Map<String, NodeResult> findNodes(Session read, Collection<String> nodeIds) {
        return delegate.findNodes(read, nodeIds);
    }

    @Override
    public boolean updateAll(Session next, long expectedVersion, Collection<NodeResult> nodes) {
        return delegate.updateAll(next, expectedVersion, nodes);
    }

    @Override
    public boolean touch(UUID id, long expectedVersion, Instant activityAt, Instant expiresAt) {
        return delegate.touch(id, expectedVersion, activityAt, expiresAt);
    }

    @Override
    public Page<NodeResult> nodes(UUID id, NodeStatus status, String cursor, int limit) {
        return delegate.nodes(id, status, cursor, limit);
    }

    @Override
    public Page<Session> list(SessionFilter filter, String cursor, int limit) {
        return delegate.list(filter, cursor, limit);
    }

    @Override
    public StatusCounts counts(SessionFilter filter) {
        return delegate.counts(filter);
    }

    @Override
    public Analytics analytics(AnalyticsQuery query) {
        return delegate.analytics(query);
    }

    @Override
    public Optional<Session> remove(UUID id, GoneReason reason, Instant now, Instant tombstoneUntil) {
        return delegate.remove(id, reason, now, tombstoneUntil);
    }

    @Override
    public List<UUID> expiredBefore(Instant cutoff, int limit) {
        return delegate.expiredBefore(cutoff, limit);
    }

    @Override
    public List<UUID> compactableBefore(Instant cutoff, int limit) {
        return delegate.compactableBefore(cutoff, limit);
    }

    @Override
    public boolean compact(UUID id, Instant cutoff, Instant now) {
        return delegate.compact(id, cutoff, now);
    }

    @Override
    public Optional<Tombstone> findTombstone(UUID id) {
        return delegate.findTombstone(id);
    }

    @Override
    public int purgeTombstones(Instant now, int limit) {
        return delegate.purgeTombstones(now, limit);
    }

    @Override
    public ChangePage changesAfter(long after, int limit) {
        return delegate.changesAfter(after, limit);
    }

    @Override
    public long feedPosition() {
        return delegate.feedPosition();
    }

    @Override
    public StoreStats stats(Instant now, Instant staleBefore) {
        return delegate.stats(now, staleBefore);
    }

    @Override
    public StoreTotals totals() {
        return delegate.totals();
    }

    @Override
    public void ping() {
        delegate.ping();
    }
}
