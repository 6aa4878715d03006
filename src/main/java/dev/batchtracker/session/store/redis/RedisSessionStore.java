package dev.batchtracker.session.store.redis;

import dev.batchtracker.session.Analytics;
import dev.batchtracker.session.AnalyticsQuery;
import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.InvalidRequestException;
import dev.batchtracker.session.NodeGroup;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Page;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionFilter;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.StatusCounts;
import dev.batchtracker.session.Timeline;
import dev.batchtracker.session.Tombstone;
import dev.batchtracker.session.store.AnalyticsTally;
import dev.batchtracker.session.store.ChangePage;
import dev.batchtracker.session.store.Cursors;
import dev.batchtracker.session.store.ExecutionBuckets;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.StoreStats;
import dev.batchtracker.session.store.StoreTotals;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Sessions in Redis, shared by every instance that points at the same server and key prefix. Each state change
 * is one Lua script ({@link RedisScripts}), so the version check and the write — header, node, indexes, totals —
 * are one atomic step, exactly the compare-and-set the contract asks for; no lock is taken and none is held
 * across calls. Indexes (expiry, creation, per status, activity of running sessions, tombstones) make cleanup,
 * listing and figures independent of the keyspace: nothing here runs KEYS or SCAN.
 * <p>
 * Every call waits at most the store timeout and then fails with {@code StoreUnavailableException}; it must run on
 * a worker thread, never on an event loop.
 */
public final class RedisSessionStore implements SessionStore {

    /** Allowance per tombstone in the size estimate: its hash and its index entry. */
    private static final long TOMBSTONE_BYTES = 200;
    /** Past this many cached group lists the cache starts over; groups are re-read on a miss. */
    private static final int GROUPS_CACHE_LIMIT = 10_000;
    /** How often {@link #compact} reads a session again whose version moved on under it. */
    private static final int COMPACT_ATTEMPTS = 3;
    /** The compaction script's answer when the version it was given is no longer stored. */
    private static final long COMPACT_VERSION_MOVED = -1L;
    /** Sessions per analytics round trip: the script holds Redis for about this many sessions' look-ups. */
    private static final int ANALYTICS_PAGE = 200;
    private static final String TRUE = "1";
    private static final String FALSE = "0";

    private final RedisCalls calls;
    private final RedisKeys keys;
    /** Groups never change after creation, so a cached copy is always right and spares re-reading big lists. */
    private final ConcurrentHashMap<UUID, List<NodeGroup>> groupsCache = new ConcurrentHashMap<>();

    public RedisSessionStore(Redis redis, RedisKeys keys, Duration timeout) {
        this.calls = new RedisCalls(redis, timeout);
        this.keys = keys;
    }

    public RedisKeys keys() {
        return keys;
    }

    @Override
    public InsertResult insert(Session session, Collection<NodeResult> initialNodes) {
        Timeline times = session.timeline();
        String key = session.origin().idempotencyKey();
        List<String> args = new ArrayList<>(48 + 2 * initialNodes.size());
        args.add(keys.prefix());
        args.add(session.id().toString());
        args.add(key == null ? "" : key);
        args.add(RedisCodec.headerDoc(session));
        args.add(RedisCodec.groups(session.plan().groups()));
        args.add(Long.toString(session.version()));
        args.add(session.status().name());
        args.add(RedisCodec.nanos(times.expiresAt()));
        args.add(RedisCodec.millis(times.expiresAt()));
        args.add(RedisCodec.nanos(times.lastActivityAt()));
        args.add(RedisCodec.millis(times.lastActivityAt()));
        args.add(RedisCodec.creationKey(times.createdAt(), session.id()));
        args.add(running(session));
        args.add(finishedDuration(session));
        args.add(session.plan().canvasPath());
        args.add(compactableFrom(session));
        Map<String, String> labels = session.plan().labels().entries();
        args.add(Integer.toString(labels.size()));
        labels.forEach((label, value) -> {
            args.add(label);
            args.add(value);
        });
        addNodes(args, initialNodes);
        Response reply = calls.eval(RedisScripts.INSERT, args);
        if ("inserted".equals(reply.get(0).toString())) {
            rememberGroups(session.id(), session.plan().groups());
            return new InsertResult.Inserted(session);
        }
        UUID holder = UUID.fromString(reply.get(1).toString());
        List<NodeGroup> groups = RedisCodec.readGroups(text(reply.get(3)));
        rememberGroups(holder, groups);
        return new InsertResult.KeyTaken(RedisCodec.header(reply.get(2).toString(), groups, reply.get(4).toString(),
                reply.get(5).toString(), reply.get(6).toString()));
    }

    @Override
    public Optional<Session> find(UUID id) {
        Response fields = calls.send(Command.HMGET, keys.session(id), "doc", "v", "exp", "act", "g");
        if (fields == null || fields.get(0) == null) {
            return Optional.empty();
        }
        Optional<List<NodeGroup>> groups = groupsOf(id, TRUE.equals(text(fields.get(4))));
        return groups.map(g -> RedisCodec.header(fields.get(0).toString(), g, fields.get(1).toString(),
                fields.get(2).toString(), fields.get(3).toString()));
    }

    /** @return empty when the session vanished between reading its header and its groups */
    private Optional<List<NodeGroup>> groupsOf(UUID id, boolean hasGroups) {
        if (!hasGroups) {
            return Optional.of(List.of());
        }
        List<NodeGroup> cached = groupsCache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Response json = calls.send(Command.HGET, keys.session(id), "groups");
        if (json == null) {
            return Optional.empty();
        }
        List<NodeGroup> groups = RedisCodec.readGroups(json.toString());
        rememberGroups(id, groups);
        return Optional.of(groups);
    }

    private void rememberGroups(UUID id, List<NodeGroup> groups) {
        if (groups.isEmpty()) {
            return;
        }
        if (groupsCache.size() >= GROUPS_CACHE_LIMIT) {
            groupsCache.clear();
        }
        groupsCache.put(id, groups);
    }

    @Override
    public long count() {
        return calls.send(Command.ZCARD, keys.createdIndex()).toLong();
    }

    @Override
    public StoreTotals totals() {
        Map<String, Long> totals = totalsOf(calls.send(Command.HGETALL, keys.totals()));
        Map<GoneReason, Long> removed = new EnumMap<>(GoneReason.class);
        for (GoneReason reason : GoneReason.values()) {
            removed.put(reason, totals.getOrDefault("removed:" + reason.name(), 0L));
        }
        return new StoreTotals(totals.getOrDefault("created", 0L), removed, totals.getOrDefault("compacted", 0L));
    }

    @Override
    public Optional<NodeResult> findNode(UUID id, String nodeId) {
        Response value = calls.send(Command.HGET, keys.nodes(id), nodeId);
        return value == null ? Optional.empty() : Optional.of(RedisCodec.node(nodeId, value.toString()));
    }

    @Override
    public Map<String, NodeResult> findNodes(Session read, Collection<String> nodeIds) {
        UUID id = read.id();
        List<String> names = List.copyOf(nodeIds);
        String[] args = new String[names.size() + 1];
        args[0] = keys.nodes(id);
        for (int i = 0; i < names.size(); i++) {
            args[i + 1] = names.get(i);
        }
        Response values = calls.send(Command.HMGET, args);
        Map<String, NodeResult> found = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Response value = values.get(i);
            if (value != null) {
                found.put(names.get(i), RedisCodec.node(names.get(i), value.toString()));
            }
        }
        return found;
    }

    @Override
    public boolean updateAll(Session next, long expectedVersion, Collection<NodeResult> nodes) {
        Timeline times = next.timeline();
        List<String> args = new ArrayList<>(12 + 2 * nodes.size());
        args.addAll(List.of(
                keys.prefix(),
                next.id().toString(),
                Long.toString(expectedVersion),
                Long.toString(next.version()),
                next.status().name(),
                RedisCodec.headerDoc(next),
                RedisCodec.nanos(times.expiresAt()),
                RedisCodec.millis(times.expiresAt()),
                RedisCodec.nanos(times.lastActivityAt()),
                RedisCodec.millis(times.lastActivityAt()),
                running(next),
                finishedDuration(next),
                compactableFrom(next)));
        addNodes(args, nodes);
        return calls.eval(RedisScripts.UPDATE, args).toLong() == 1L;
    }

    @Override
    public boolean touch(UUID id, long expectedVersion, Instant activityAt, Instant expiresAt) {
        List<String> args = List.of(keys.prefix(), id.toString(), Long.toString(expectedVersion),
                RedisCodec.nanos(expiresAt), RedisCodec.millis(expiresAt),
                RedisCodec.nanos(activityAt), RedisCodec.millis(activityAt));
        return calls.eval(RedisScripts.TOUCH, args).toLong() == 1L;
    }

    @Override
    public Page<NodeResult> nodes(UUID id, NodeStatus status, String cursor, int limit) {
        String after = Cursors.decode(cursor);
        String member = status == null ? "a:" : "s:" + status.name() + ":";
        // Lex range of every member with this prefix: after the cursor (exclusive) up to the prefix's successor.
        String min = after == null ? "[" + member : "(" + member + after;
        String max = "(" + member.substring(0, member.length() - 1) + ";";
        Response reply = calls.eval(RedisScripts.NODE_PAGE, List.of(keys.prefix(), id.toString(), min, max,
                Integer.toString(limit + 1), Integer.toString(member.length())));
        List<NodeResult> items = new ArrayList<>(Math.min(limit + 1, 1024));
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            String value = text(reply.get(i + 1));
            if (value != null) {
                items.add(RedisCodec.node(reply.get(i).toString(), value));
            }
        }
        return Cursors.page(items, limit, NodeResult::nodeId);
    }

    @Override
    public Page<Session> list(SessionFilter filter, String cursor, int limit) {
        String after = Cursors.decode(cursor);
        if (after != null && !RedisCodec.isCreationKey(after)) {
            throw new InvalidRequestException("cursor", "cursor is not one this service issued");
        }
        Response reply = calls.eval(RedisScripts.FILTERED,
                filterArgs("page", filter, filter.statuses(), after, limit + 1));
        List<String> creationKeys = new ArrayList<>();
        List<Session> items = new ArrayList<>();
        for (int i = 0; i + 5 < reply.size(); i += 6) {
            String doc = text(reply.get(i + 1));
            if (doc == null) {
                continue;
            }
            String creationKey = reply.get(i).toString();
            UUID id = RedisCodec.idOf(creationKey);
            Optional<List<NodeGroup>> groups = groupsOf(id, TRUE.equals(text(reply.get(i + 5))));
            if (groups.isEmpty()) {
                continue; // removed while this page was read
            }
            creationKeys.add(creationKey);
            items.add(RedisCodec.header(doc, groups.get(), reply.get(i + 2).toString(), reply.get(i + 3).toString(),
                    reply.get(i + 4).toString()));
        }
        if (items.size() <= limit) {
            return new Page<>(items, null);
        }
        return new Page<>(items.subList(0, limit), Cursors.encode(creationKeys.get(limit - 1)));
    }

    @Override
    public StatusCounts counts(SessionFilter filter) {
        Collection<SessionStatus> statuses = filter.statuses().isEmpty()
                ? List.of(SessionStatus.values()) : filter.statuses();
        Response reply = calls.eval(RedisScripts.FILTERED, filterArgs("count", filter, statuses, null, 0));
        Map<SessionStatus, Long> counts = new EnumMap<>(SessionStatus.class);
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            counts.put(SessionStatus.valueOf(reply.get(i).toString()), reply.get(i + 1).toLong());
        }
        return new StatusCounts(counts);
    }

    /** The arguments of {@link RedisScripts#FILTERED}; the creation range becomes bounds on creation keys. */
    private List<String> filterArgs(String mode, SessionFilter filter, Collection<SessionStatus> statuses,
                                    String after, int wanted) {
        String lower = after;
        if (filter.createdBefore() != null) {
            String bound = RedisCodec.createdBeforeBound(filter.createdBefore());
            lower = lower == null || bound.compareTo(lower) > 0 ? bound : lower;
        }
        List<String> args = new ArrayList<>(16 + statuses.size() + 3 * filter.labels().size());
        args.add(keys.prefix());
        args.add(mode);
        args.add(lower == null ? "" : lower);
        args.add(filter.createdAfter() == null ? "" : RedisCodec.createdAfterBound(filter.createdAfter()));
        args.add(Integer.toString(wanted));
        args.add(filter.canvasPathPrefix() == null ? FALSE : TRUE);
        args.add(filter.canvasPathPrefix() == null ? "" : filter.canvasPathPrefix());
        args.add(Integer.toString(statuses.size()));
        statuses.forEach(status -> args.add(status.name()));
        args.add(Integer.toString(filter.labels().size()));
        for (SessionFilter.LabelSelector selector : filter.labels()) {
            args.add(selector.key());
            args.add(selector.value() == null ? FALSE : TRUE);
            args.add(selector.value() == null ? "" : selector.value());
        }
        return args;
    }

    @Override
    public Optional<Session> remove(UUID id, GoneReason reason, Instant now, Instant tombstoneUntil) {
        List<String> args = List.of(keys.prefix(), id.toString(), reason.name(), RedisCodec.nanos(now),
                reason == GoneReason.EXPIRED ? TRUE : FALSE,
                RedisCodec.nanos(tombstoneUntil), RedisCodec.millis(tombstoneUntil));
        Response removed = calls.eval(RedisScripts.REMOVE, args);
        if (removed.type() != ResponseType.MULTI) {
            return Optional.empty();
        }
        List<NodeGroup> groups = RedisCodec.readGroups(text(removed.get(1)));
        groupsCache.remove(id);
        return Optional.of(RedisCodec.header(removed.get(0).toString(), groups, removed.get(2).toString(),
                removed.get(3).toString(), removed.get(4).toString()));
    }

    @Override
    public List<UUID> expiredBefore(Instant cutoff, int limit) {
        return idsUpTo(keys.expiryIndex(), cutoff, limit);
    }

    /** The ids of a sorted set scored in epoch ms, lowest first, up to {@code cutoff}'s millisecond. */
    private List<UUID> idsUpTo(String index, Instant cutoff, int limit) {
        Response ids = calls.send(Command.ZRANGEBYSCORE, index, "-inf", RedisCodec.millis(cutoff),
                "LIMIT", "0", Integer.toString(limit));
        List<UUID> result = new ArrayList<>(ids.size());
        for (Response id : ids) {
            result.add(UUID.fromString(id.toString()));
        }
        return result;
    }

    /**
     * Index scores are milliseconds: a session finished within the cutoff's millisecond but after it may be listed;
     * {@link #compact} checks the exact time.
     */
    @Override
    public List<UUID> compactableBefore(Instant cutoff, int limit) {
        return idsUpTo(keys.compactionIndex(), cutoff, limit);
    }

    /**
     * The compacted header and node values are made here and written by a script that checks the version they were
     * made from and that no one compacted the session meanwhile: every change of a node comes with a new version, so
     * values read at that version are the stored ones. A version that moved on (no write reaches a finished session
     * today) is read again, a few times.
     */
    @Override
    public boolean compact(UUID id, Instant cutoff, Instant now) {
        for (int attempt = 0; attempt < COMPACT_ATTEMPTS; attempt++) {
            Optional<Session> found = find(id);
            if (found.isEmpty() || !found.get().isCompactableAt(cutoff)) {
                return false;
            }
            Session session = found.get();
            Response stored = calls.send(Command.HGETALL, keys.nodes(id));
            List<String> args = new ArrayList<>();
            args.add(keys.prefix());
            args.add(id.toString());
            args.add(Long.toString(session.version()));
            args.add(RedisCodec.headerDoc(session.compactedAt(now)));
            args.add(RedisCodec.nanos(now));
            forEachField(stored, (nodeId, reply) -> {
                String value = reply.toString();
                String compacted = RedisCodec.nodeValue(RedisCodec.node(nodeId, value).compacted());
                if (!compacted.equals(value)) {
                    args.add(nodeId);
                    args.add(compacted);
                }
            });
            long outcome = calls.eval(RedisScripts.COMPACT, args).toLong();
            if (outcome != COMPACT_VERSION_MOVED) {
                return outcome == 1L;
            }
        }
        return false;
    }

    /** The field/value pairs of an HGETALL reply, a map (RESP3) or a flat list (RESP2); none for a null reply. */
    private static void forEachField(Response reply, BiConsumer<String, Response> each) {
        if (reply == null) {
            return;
        }
        if (reply.isMap()) {
            for (String key : reply.getKeys()) {
                each.accept(key, reply.get(key));
            }
            return;
        }
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            each.accept(reply.get(i).toString(), reply.get(i + 1));
        }
    }

    @Override
    public Optional<Tombstone> findTombstone(UUID id) {
        Response fields = calls.send(Command.HMGET, keys.tombstone(id), "r", "at", "until");
        if (fields == null || fields.get(0) == null) {
            return Optional.empty();
        }
        return Optional.of(new Tombstone(id, GoneReason.valueOf(fields.get(0).toString()),
                RedisCodec.instantOfNanos(fields.get(1).toString()),
                RedisCodec.instantOfNanos(fields.get(2).toString())));
    }

    @Override
    public int purgeTombstones(Instant now, int limit) {
        return calls.eval(RedisScripts.PURGE_TOMBSTONES,
                List.of(keys.prefix(), RedisCodec.nanos(now), RedisCodec.millis(now), Integer.toString(limit)))
                .toInteger();
    }

    @Override
    public ChangePage changesAfter(long after, int limit) {
        Response reply = calls.eval(RedisScripts.CHANGES,
                List.of(keys.prefix(), Long.toString(after), Integer.toString(limit + 1)));
        long horizon = reply.get(0).toLong();
        long floor = reply.get(1).toLong();
        int sessions = reply.get(2).toInteger();
        List<ChangePage.Change> found = new ArrayList<>();
        int at = 3;
        for (int i = 0; i < sessions; i++, at += 7) {
            String doc = text(reply.get(at + 2));
            UUID id = UUID.fromString(reply.get(at).toString());
            Optional<List<NodeGroup>> groups = doc == null ? Optional.empty()
                    : groupsOf(id, TRUE.equals(text(reply.get(at + 6))));
            if (groups.isPresent()) { // else removed since: its tombstone is numbered later
                found.add(new ChangePage.Changed(reply.get(at + 1).toLong(), RedisCodec.header(doc, groups.get(),
                        reply.get(at + 3).toString(), reply.get(at + 4).toString(), reply.get(at + 5).toString())));
            }
        }
        for (; at + 4 < reply.size(); at += 5) {
            String reason = text(reply.get(at + 2));
            if (reason != null) {
                UUID id = UUID.fromString(reply.get(at).toString());
                found.add(new ChangePage.Removed(reply.get(at + 1).toLong(), new Tombstone(id,
                        GoneReason.valueOf(reason), RedisCodec.instantOfNanos(reply.get(at + 3).toString()),
                        RedisCodec.instantOfNanos(reply.get(at + 4).toString()))));
            }
        }
        found.sort(Comparator.comparingLong(ChangePage.Change::seq));
        List<ChangePage.Change> candidates = found.size() > limit + 1 ? found.subList(0, limit + 1) : found;
        return ChangePage.of(candidates, limit, after, horizon, floor);
    }

    @Override
    public long feedPosition() {
        Response seq = calls.send(Command.GET, keys.changeSeq());
        return seq == null ? 0L : seq.toLong();
    }

    @Override
    public StoreStats stats(Instant now, Instant staleBefore) {
        SessionStatus[] statuses = SessionStatus.values();
        List<String> args = new ArrayList<>(3 + statuses.length);
        args.add(keys.prefix());
        args.add(RedisCodec.millis(now));
        args.add(RedisCodec.millis(staleBefore));
        for (SessionStatus status : statuses) {
            args.add(status.name());
        }
        Response reply = calls.eval(RedisScripts.STATS, args);
        Map<SessionStatus, Long> byStatus = new EnumMap<>(SessionStatus.class);
        int at = 0;
        for (SessionStatus status : statuses) {
            byStatus.put(status, reply.get(at++).toLong());
        }
        long expired = reply.get(at++).toLong();
        long stale = reply.get(at++).toLong();
        String newestKey = reply.get(at++).toString();
        String oldestKey = reply.get(at++).toString();
        long tombstones = reply.get(at++).toLong();
        Map<String, Long> totals = totalsOf(reply.get(at));
        Map<GoneReason, Long> removed = new EnumMap<>(GoneReason.class);
        for (GoneReason reason : GoneReason.values()) {
            removed.put(reason, totals.getOrDefault("removed:" + reason.name(), 0L));
        }
        return new StoreStats(byStatus, expired, stale, totals.getOrDefault("created", 0L), removed,
                totals.getOrDefault("finished", 0L), totals.getOrDefault("finished_ms", 0L),
                oldestKey.isEmpty() ? null : RedisCodec.createdAtOf(oldestKey),
                newestKey.isEmpty() ? null : RedisCodec.createdAtOf(newestKey),
                totals.getOrDefault("bytes", 0L) + tombstones * TOMBSTONE_BYTES);
    }

    /** HGETALL arrives as a flat list under RESP2 and as a map under RESP3. */
    private static Map<String, Long> totalsOf(Response reply) {
        Map<String, Long> totals = new HashMap<>();
        forEachField(reply, (key, value) -> totals.put(key, value.toLong()));
        return totals;
    }

    @Override
    public void ping() {
        calls.send(Command.PING);
    }

    /** The finish (epoch ms, the compaction index's score) of a finished session not compacted yet; else "". */
    private static String compactableFrom(Session session) {
        Instant finishedAt = session.timeline().finishedAt();
        return session.status().isTerminal() && finishedAt != null && !session.isCompacted()
                ? RedisCodec.millis(finishedAt) : "";
    }

    /** Each node as the scripts take it: id, stored value, execution-time bucket ('' when it has no both ends). */
    private static void addNodes(List<String> args, Collection<NodeResult> nodes) {
        for (NodeResult node : nodes) {
            args.add(node.nodeId());
            args.add(RedisCodec.nodeValue(node));
            Long ms = node.executionTimeMs();
            args.add(ms == null || !node.status().isTerminal() ? "" : Long.toString(ExecutionBuckets.bucketOf(ms)));
        }
    }

    /**
     * Walks the finish index over the window a page at a time; per session Redis returns its header, its node-time
     * histogram and its failed nodes' errors, never its node results. Session figures are exact; node execution
     * percentiles are bucket lower bounds ({@link ExecutionBuckets}): at most 1/8 below the exact figure.
     */
    @Override
    public Analytics analytics(AnalyticsQuery query) {
        AnalyticsTally tally = new AnalyticsTally(query, true);
        // Whole milliseconds on both ends, the upper inclusive: the exact bounds are checked per session. Pages
        // continue from the last score read, skipping the entries read at it, so a session removed meanwhile
        // shifts nothing before it (an offset from the start would skip a session per removal).
        String min = RedisCodec.millis(query.since());
        String max = RedisCodec.millis(query.until());
        int skip = 0;
        while (true) {
            Response reply = calls.eval(RedisScripts.ANALYTICS, List.of(keys.prefix(), min, max,
                    Integer.toString(skip), Integer.toString(ANALYTICS_PAGE)));
            Response read = reply.get(0);
            for (int i = 1; i < read.size(); i += 2) {
                String score = Long.toString(Math.round(Double.parseDouble(read.get(i).toString())));
                skip = score.equals(min) ? skip + 1 : 1;
                min = score;
            }
            for (Response entry : reply.get(1)) {
                Session session = RedisCodec.header(entry.get(1).toString(), List.of(), entry.get(2).toString(),
                        entry.get(3).toString(), entry.get(4).toString());
                if (!query.includes(session)) {
                    continue;
                }
                Map<Long, Long> times = new HashMap<>();
                Response histogram = entry.get(5);
                for (int i = 0; i + 1 < histogram.size(); i += 2) {
                    times.merge(ExecutionBuckets.lowerBound(histogram.get(i).toLong()), histogram.get(i + 1).toLong(),
                            Long::sum);
                }
                List<AnalyticsTally.Failure> failures = new ArrayList<>();
                Response failed = entry.get(6);
                for (int i = 0; i + 2 < failed.size(); i += 3) {
                    String at = failed.get(i + 2).toString();
                    failures.add(new AnalyticsTally.Failure(failed.get(i).toString(), text(failed.get(i + 1)),
                            at.isEmpty() ? null : Instant.parse(at)));
                }
                tally.add(session, times, failures);
            }
            if (read.size() / 2 < ANALYTICS_PAGE) {
                return tally.result();
            }
        }
    }

    private static String running(Session session) {
        return session.status() == SessionStatus.RUNNING ? TRUE : FALSE;
    }

    /**
     * For a finished session "duration ms:finished ms" (duration: finished − started, or created; for the average
     * duration and the finish index); else "".
     */
    private static String finishedDuration(Session session) {
        Timeline times = session.timeline();
        if (times.finishedAt() == null) {
            return "";
        }
        return AnalyticsTally.durationMs(session) + ":" + RedisCodec.millis(times.finishedAt());
    }

    /** A reply's text; null for a nil reply or the scripts' '' for "absent". */
    private static String text(Response response) {
        if (response == null) {
            return null;
        }
        String value = response.toString();
        return value.isEmpty() ? null : value;
    }
}
