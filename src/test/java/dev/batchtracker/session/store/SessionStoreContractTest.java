package dev.batchtracker.session.store;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.Analytics;
import dev.batchtracker.session.AnalyticsQuery;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.ConflictException;
import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.InvalidRequestException;
import dev.batchtracker.session.NodeCounts;
import dev.batchtracker.session.NodeGroup;
import dev.batchtracker.session.NodeReport;
import dev.batchtracker.session.NodeReportItem;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Page;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.StatusCounts;
import dev.batchtracker.session.Labels;
import dev.batchtracker.session.SessionFilter;
import dev.batchtracker.session.SessionGoneException;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.Tombstone;
import dev.batchtracker.session.Transition;
import dev.batchtracker.session.UnprocessableException;
import dev.batchtracker.session.events.InProcessEventHub;
import dev.batchtracker.session.metrics.BatchMeters;
import dev.batchtracker.testing.MutableClock;
import dev.batchtracker.testing.TestBatchConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static dev.batchtracker.session.NodeStatus.COMPLETED;
import static dev.batchtracker.session.NodeStatus.FAILED;
import static dev.batchtracker.session.NodeStatus.PENDING;
import static dev.batchtracker.session.NodeStatus.RUNNING;
import static dev.batchtracker.session.store.SessionFixture.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The definition of {@link SessionStore}: every adapter subclasses this and passes it unchanged. A subclass
 * implements {@link #createStore()} (an empty store per test: a SQL or Redis subclass clears its tables or keys
 * there) and may override {@link #destroyStore} and {@link #concurrencyTimeout()}.
 * <p>
 * The second part builds a real {@link BatchSessionManager} around the store: rules that only hold if the store
 * keeps its compare-and-set promise (the concurrency case above all) are checked on every store.
 * <p>
 * Stores never read a clock, so the store tests pass times explicitly, relative to {@link #t0} (now, truncated to
 * milliseconds: the precision every store keeps).
 */
public abstract class SessionStoreContractTest {

    protected SessionStore store;
    protected Instant t0;

    /** A store holding nothing: no sessions, no tombstones, totals at zero. */
    protected abstract SessionStore createStore() throws Exception;

    /** Called after every test with the store {@link #createStore()} gave; close connections here. */
    protected void destroyStore(SessionStore store) throws Exception {
    }

    /** How long the concurrency case may take before it counts as hung. */
    protected Duration concurrencyTimeout() {
        return Duration.ofMinutes(2);
    }

    @BeforeEach
    void createStoreUnderTest() throws Exception {
        t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store = createStore();
    }

    @AfterEach
    void destroyStoreUnderTest() throws Exception {
        if (store != null) {
            destroyStore(store);
        }
    }

    // ---------------------------------------------------------------- insert, find, count

    @Test
    void aStoredSessionComesBackFieldForField() {
        Instant started = t0.plusMillis(1_001);
        Session running = SessionFixture.at(t0)
                .canvasPath("canvases/\"quoted\" ünïcødé/päth.json")
                .status(SessionStatus.RUNNING)
                .nodeCount(4)
                .groups(List.of(new NodeGroup("extract", List.of("a", "b")), new NodeGroup("load", List.of("c", "d"))))
                .metadataJson("{ \"owner\" : \"ops\",\n  \"tags\": [\"x\", \"ü\"], \"n\": 1.50, \"none\": null }")
                .counts(new NodeCounts(1, 1, 1))
                .reportedProgress(100.0 / 3)
                .updatedAt(t0.plusMillis(2_002))
                .lastActivityAt(t0.plusMillis(3_003))
                .startedAt(started)
                .lastNodeFinishedAt(t0.plusMillis(2_500))
                .expiresAt(t0.plus(Duration.ofMinutes(31)).plusMillis(7))
                .version(7)
                .reason("executor started")
                .history(List.of(new Transition(SessionStatus.PENDING, SessionStatus.RUNNING, started, "executor started")))
                .idempotencyKey("create-7f3a")
                .requestFingerprint("sha256:0a1b2c")
                .labels(Map.of("team", "data-eng", "env", "", "k8s.io/app", "nightly: \"ü\" | x"))
                .build();
        Session finished = SessionFixture.at(t0.plusMillis(5))
                .status(SessionStatus.PARTIAL_FAILURE)
                .nodeCount(0)
                .reportedProgress(42.5)
                .startedAt(t0.plusMillis(6))
                .finishedAt(t0.plusMillis(999))
                .reason("all nodes finished")
                .history(List.of(
                        new Transition(SessionStatus.PENDING, SessionStatus.RUNNING, t0.plusMillis(6), null),
                        new Transition(SessionStatus.RUNNING, SessionStatus.PARTIAL_FAILURE, t0.plusMillis(999),
                                "all nodes finished")))
                .build();

        assertThat(store.insert(running, List.of())).isEqualTo(new SessionStore.InsertResult.Inserted(running));
        assertThat(store.insert(finished, List.of())).isEqualTo(new SessionStore.InsertResult.Inserted(finished));

        assertThat(store.find(running.id())).contains(running);
        assertThat(store.find(finished.id())).contains(finished);
    }

    @Test
    void nodeResultsComeBackFieldForFieldWithTheirJsonTextAsItCame() {
        Session session = SessionFixture.at(t0).nodeCount(6).build();
        List<NodeResult> nodes = List.of(
                NodeResult.pending("p", t0),
                new NodeResult("r", RUNNING, null, null, t0.plusMillis(1), null, t0.plusMillis(1)),
                new NodeResult("c", COMPLETED, "{\"b\": [1, 2.50, null],  \"a\": \"ü\\n\"}", null,
                        t0.plusMillis(1), t0.plusMillis(1_234), t0.plusMillis(1_235)),
                new NodeResult("f", FAILED, null, "Traceback: ünïcødé \"quoted\"\nline 2", t0.plusMillis(2),
                        t0.plusMillis(3), t0.plusMillis(4)),
                new NodeResult("json-null", COMPLETED, "null", null, null, t0.plusMillis(5), t0.plusMillis(5)),
                new NodeResult("json-string", COMPLETED, "\"just text\"", null, null, t0.plusMillis(6),
                        t0.plusMillis(6)));

        insert(session, nodes);

        for (NodeResult expected : nodes) {
            assertThat(store.findNode(session.id(), expected.nodeId())).contains(expected);
        }
        assertThat(store.nodes(session.id(), null, null, 100).items())
                .containsExactlyElementsOf(sortedByNodeId(nodes));
        assertThat(store.findNode(session.id(), "c").orElseThrow().executionTimeMs()).isEqualTo(1_233L);
    }

    @Test
    void unknownIdsAreEmptyNotErrors() {
        UUID unknown = UUID.randomUUID();
        Session session = insert(SessionFixture.at(t0).build());

        assertThat(store.find(unknown)).isEmpty();
        assertThat(store.findNode(unknown, "a")).isEmpty();
        assertThat(store.findNode(session.id(), "never-reported")).isEmpty();
        assertThat(store.findTombstone(unknown)).isEmpty();
        assertThat(store.findTombstone(session.id())).isEmpty();
        assertThat(store.nodes(unknown, null, null, 10)).isEqualTo(new Page<NodeResult>(List.of(), null));
        assertThat(store.remove(unknown, GoneReason.DELETED, t0, t0.plusSeconds(60))).isEmpty();
        assertThat(store.stats(t0, t0).totalRemoved()).containsEntry(GoneReason.DELETED, 0L);
    }

    @Test
    void countsStoredSessions() {
        assertThat(store.count()).isZero();
        for (int i = 0; i < 3; i++) {
            insert(SessionFixture.at(t0.plusMillis(i)).build());
        }
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void aTakenIdempotencyKeyReturnsTheHolderAndWritesNothing() {
        Session first = insert(SessionFixture.at(t0).idempotencyKey("k-1").requestFingerprint("fp-a").build());
        Session second = SessionFixture.at(t0.plusMillis(5)).idempotencyKey("k-1").requestFingerprint("fp-b").build();

        SessionStore.InsertResult result = store.insert(second, List.of(NodeResult.pending("x", t0)));

        assertThat(result).isEqualTo(new SessionStore.InsertResult.KeyTaken(first));
        assertThat(store.find(second.id())).isEmpty();
        assertThat(store.findNode(second.id(), "x")).isEmpty();
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.stats(t0, t0).totalCreated()).isEqualTo(1);
    }

    @Test
    void aTakenIdempotencyKeyReturnsTheHolderAsItStandsNow() {
        Session first = insert(SessionFixture.at(t0).idempotencyKey("k-1").build());
        Session moved = first.transitionTo(SessionStatus.RUNNING, "go", t0.plusMillis(10))
                .written(t0.plusMillis(10), t0.plus(Duration.ofMinutes(40)));
        assertThat(store.update(moved, 1, null)).isTrue();

        SessionStore.InsertResult result = store.insert(SessionFixture.at(t0.plusMillis(20)).idempotencyKey("k-1").build(),
                List.of());

        assertThat(result).isEqualTo(new SessionStore.InsertResult.KeyTaken(moved));
    }

    @Test
    void sessionsWithoutKeysOrWithDifferentKeysNeverCollide() {
        insert(SessionFixture.at(t0).build());
        insert(SessionFixture.at(t0).build());
        insert(SessionFixture.at(t0).idempotencyKey("k-1").build());
        insert(SessionFixture.at(t0).idempotencyKey("k-2").build());

        assertThat(store.count()).isEqualTo(4);
        assertThat(store.stats(t0, t0).totalCreated()).isEqualTo(4);
    }

    @Test
    void aRemovedSessionGivesUpItsIdempotencyKey() {
        Session first = insert(SessionFixture.at(t0).idempotencyKey("k-1").build());
        assertThat(store.remove(first.id(), GoneReason.DELETED, t0, t0.plusSeconds(60))).isPresent();

        Session second = SessionFixture.at(t0.plusMillis(1)).idempotencyKey("k-1").build();

        assertThat(store.insert(second, List.of())).isEqualTo(new SessionStore.InsertResult.Inserted(second));
        assertThat(store.find(second.id())).contains(second);
    }

    // ---------------------------------------------------------------- update (compare-and-set) and touch

    @Test
    void updateWithTheStoredVersionReplacesTheSessionAndUpsertsTheNode() {
        Session v1 = insert(SessionFixture.at(t0).status(SessionStatus.RUNNING).build(), List.of());
        Instant at = t0.plusMillis(50);
        NodeResult a = node("a", RUNNING, at);
        Session v2 = v1.withCounts(new NodeCounts(0, 0, 1), null).written(at, at.plus(Duration.ofMinutes(30)));

        assertThat(store.update(v2, 1, a)).isTrue();

        assertThat(store.find(v1.id())).contains(v2);
        assertThat(store.findNode(v1.id(), "a")).contains(a);

        Instant later = at.plusMillis(50);
        NodeResult aDone = node("a", COMPLETED, later);
        Session v3 = v2.withCounts(new NodeCounts(1, 0, 0), later).written(later, later.plus(Duration.ofMinutes(30)));

        assertThat(store.update(v3, 2, aDone)).isTrue();

        assertThat(store.find(v1.id())).contains(v3);
        assertThat(store.findNode(v1.id(), "a")).contains(aDone);
        assertThat(store.nodes(v1.id(), null, null, 10).items()).containsExactly(aDone);
    }

    /** Writes of thousands of nodes go to some stores in chunks; every node must be stored and indexed once. */
    @Test
    void aWriteOfThousandsOfNodesStoresAndIndexesEachOfThem() {
        Session v1 = insert(SessionFixture.at(t0).status(SessionStatus.RUNNING).nodeCount(5_000).build(), List.of());
        List<String> ids = java.util.stream.IntStream.range(0, 2_600).mapToObj(i -> String.format("n%05d", i)).toList();
        Instant at = t0.plusMillis(10);
        Session v2 = v1.withCounts(new NodeCounts(0, 0, ids.size()), null).written(at, at.plus(Duration.ofMinutes(30)));
        assertThat(store.updateAll(v2, 1, ids.stream().map(id -> node(id, RUNNING, at)).toList())).isTrue();

        // Every other node completes; the rest are reported running again (their index entry must survive).
        Instant later = at.plusMillis(10);
        List<NodeResult> next = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            next.add(node(ids.get(i), i % 2 == 0 ? COMPLETED : RUNNING, later));
        }
        Session v3 = v2.withCounts(new NodeCounts(1_300, 0, 1_300), later)
                .written(later, later.plus(Duration.ofMinutes(30)));
        assertThat(store.updateAll(v3, 2, next)).isTrue();

        assertThat(flatten(pages(cursor -> store.nodes(v1.id(), null, cursor, 500)))).isEqualTo(next);
        assertThat(flatten(pages(cursor -> store.nodes(v1.id(), COMPLETED, cursor, 500))))
                .isEqualTo(next.stream().filter(n -> n.status() == COMPLETED).toList());
        assertThat(flatten(pages(cursor -> store.nodes(v1.id(), RUNNING, cursor, 500))))
                .isEqualTo(next.stream().filter(n -> n.status() == RUNNING).toList());
        assertThat(store.findNodes(v3, ids)).hasSize(ids.size()).containsEntry("n02599", next.get(2_599));
        assertThat(store.find(v1.id())).contains(v3);
    }

    @Test
    void updateWithoutANodeLeavesTheNodesAlone() {
        NodeResult a = node("a", PENDING, t0);
        Session v1 = insert(SessionFixture.at(t0).build(), List.of(a));
        Session v2 = v1.transitionTo(SessionStatus.RUNNING, "go", t0.plusMillis(1))
                .written(t0.plusMillis(1), t0.plus(Duration.ofMinutes(31)));

        assertThat(store.update(v2, 1, null)).isTrue();

        assertThat(store.find(v1.id())).contains(v2);
        assertThat(store.nodes(v1.id(), null, null, 10).items()).containsExactly(a);
    }

    @Test
    void updateWithAStaleVersionWritesNothing() {
        NodeResult pendingA = node("a", PENDING, t0);
        Session v1 = insert(SessionFixture.at(t0).status(SessionStatus.RUNNING).build(), List.of(pendingA));
        Session v2 = v1.written(t0.plusMillis(1), t0.plus(Duration.ofMinutes(31)));
        assertThat(store.update(v2, 1, null)).isTrue();

        // A writer that read version 1 and lost the race.
        Session lost = v1.withCounts(new NodeCounts(1, 0, 0), t0.plusMillis(2))
                .written(t0.plusMillis(2), t0.plus(Duration.ofHours(5)));
        assertThat(store.update(lost, 1, node("a", COMPLETED, t0.plusMillis(2)))).isFalse();
        // A version from the future is as wrong as one from the past.
        assertThat(store.update(lost, 3, node("a", COMPLETED, t0.plusMillis(2)))).isFalse();

        assertThat(store.find(v1.id())).contains(v2);
        assertThat(store.findNode(v1.id(), "a")).contains(pendingA);
        assertThat(store.expiredBefore(t0.plus(Duration.ofMinutes(31)), 10)).containsExactly(v1.id());
    }

    @Test
    void updateOfAnAbsentSessionCreatesNothing() {
        Session ghost = SessionFixture.at(t0).version(2).build();

        assertThat(store.update(ghost, 1, node("a", RUNNING, t0))).isFalse();

        assertThat(store.find(ghost.id())).isEmpty();
        assertThat(store.findNode(ghost.id(), "a")).isEmpty();
        assertThat(store.count()).isZero();
    }

    @Test
    void touchMovesActivityAndExpiryButNotTheVersion() {
        Session v1 = insert(SessionFixture.at(t0).status(SessionStatus.RUNNING).build());
        Instant at = t0.plus(Duration.ofMinutes(5));
        Instant expires = at.plus(Duration.ofMinutes(30));

        assertThat(store.touch(v1.id(), 1, at, expires)).isTrue();

        Session touched = store.find(v1.id()).orElseThrow();
        assertThat(touched).isEqualTo(v1.touched(at, expires));
        assertThat(touched.version()).isEqualTo(1);
        assertThat(touched.timeline().updatedAt()).isEqualTo(t0);
        assertThat(touched.timeline().lastActivityAt()).isEqualTo(at);
        assertThat(touched.timeline().expiresAt()).isEqualTo(expires);
    }

    @Test
    void touchWithAStaleVersionOrOfAnAbsentSessionWritesNothing() {
        Session v1 = insert(SessionFixture.at(t0).build());
        Instant at = t0.plus(Duration.ofMinutes(5));

        assertThat(store.touch(v1.id(), 2, at, at.plus(Duration.ofMinutes(30)))).isFalse();
        assertThat(store.touch(UUID.randomUUID(), 1, at, at.plus(Duration.ofMinutes(30)))).isFalse();

        assertThat(store.find(v1.id())).contains(v1);
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void expiryIndexFollowsUpdatesAndTouches() {
        Session a = insert(SessionFixture.at(t0).expiresAt(t0.plus(Duration.ofMinutes(1))).build());
        Session b = insert(SessionFixture.at(t0).expiresAt(t0.plus(Duration.ofMinutes(2))).build());

        assertThat(store.update(a.written(t0.plusSeconds(1), t0.plus(Duration.ofMinutes(40))), 1, null)).isTrue();
        assertThat(store.touch(b.id(), 1, t0.plusSeconds(2), t0.plus(Duration.ofMinutes(50)))).isTrue();

        assertThat(store.expiredBefore(t0.plus(Duration.ofMinutes(39)), 10)).isEmpty();
        assertThat(store.expiredBefore(t0.plus(Duration.ofMinutes(40)), 10)).containsExactly(a.id());
        assertThat(store.expiredBefore(t0.plus(Duration.ofMinutes(50)), 10)).containsExactly(a.id(), b.id());
    }

    // ---------------------------------------------------------------- node pages

    /** Node ids in code-point order (= UTF-8 byte order): not Java's UTF-16 order, not a locale collation. */
    private static final List<String> NODE_IDS_IN_ORDER = List.of(
            "Zeta", "alpha", "node-2", "node10", "node9", "node_1", "é", "\uFF21", "\uD83D\uDE00");

    private Session sessionWithOrderedNodes() {
        List<NodeResult> nodes = new ArrayList<>();
        NodeStatus[] statuses = {FAILED, COMPLETED, FAILED, RUNNING, COMPLETED, PENDING, FAILED, COMPLETED, FAILED};
        for (int i = NODE_IDS_IN_ORDER.size() - 1; i >= 0; i--) {
            nodes.add(node(NODE_IDS_IN_ORDER.get(i), statuses[i], t0.plusMillis(i)));
        }
        return insert(SessionFixture.at(t0).status(SessionStatus.RUNNING).nodeCount(nodes.size()).build(), nodes);
    }

    @Test
    void nodesComeInCodePointOrderOfTheirIds() {
        Session session = sessionWithOrderedNodes();

        Page<NodeResult> all = store.nodes(session.id(), null, null, 100);

        assertThat(all.items()).extracting(NodeResult::nodeId).containsExactlyElementsOf(NODE_IDS_IN_ORDER);
        assertThat(all.nextCursor()).isNull();
    }

    @Test
    void nodePagesContinueExactlyAndTheLastHasNoCursor() {
        Session session = sessionWithOrderedNodes();

        List<Page<NodeResult>> byFour = pages(cursor -> store.nodes(session.id(), null, cursor, 4));
        assertThat(byFour).extracting(p -> p.items().size()).containsExactly(4, 4, 1);
        assertThat(byFour.get(0).nextCursor()).isNotNull();
        assertThat(flatten(byFour)).extracting(NodeResult::nodeId).containsExactlyElementsOf(NODE_IDS_IN_ORDER);

        // A page that ends exactly at the last item is the last page: no cursor to an empty page.
        List<Page<NodeResult>> byThree = pages(cursor -> store.nodes(session.id(), null, cursor, 3));
        assertThat(byThree).extracting(p -> p.items().size()).containsExactly(3, 3, 3);
        assertThat(flatten(byThree)).extracting(NodeResult::nodeId).containsExactlyElementsOf(NODE_IDS_IN_ORDER);
    }

    @Test
    void nodePagesFilterByStatus() {
        Session session = sessionWithOrderedNodes();

        List<Page<NodeResult>> failed = pages(cursor -> store.nodes(session.id(), FAILED, cursor, 1));

        assertThat(flatten(failed)).extracting(NodeResult::nodeId)
                .containsExactly("Zeta", "node-2", "é", "\uD83D\uDE00");
        assertThat(failed).hasSize(4);
        assertThat(flatten(failed)).allSatisfy(n -> assertThat(n.status()).isEqualTo(FAILED));
        assertThat(store.nodes(session.id(), PENDING, null, 10).items()).extracting(NodeResult::nodeId)
                .containsExactly("node_1");
        assertThat(store.nodes(session.id(), RUNNING, null, 10).items()).extracting(NodeResult::nodeId)
                .containsExactly("node10");
    }

    @Test
    void aNodeCursorIsAPositionNotAnOffset() {
        Session session = sessionWithOrderedNodes();
        Page<NodeResult> first = store.nodes(session.id(), null, null, 3);
        assertThat(first.items()).extracting(NodeResult::nodeId).containsExactly("Zeta", "alpha", "node-2");

        // Nodes reported between two page reads: one sorts before the cursor, one after it.
        Session next = session.written(t0.plusMillis(100), t0.plus(Duration.ofMinutes(31)));
        assertThat(store.update(next, 1, node("node-1", RUNNING, t0.plusMillis(100)))).isTrue();
        assertThat(store.update(next.written(t0.plusMillis(101), t0.plus(Duration.ofMinutes(31))), 2,
                node("node0", RUNNING, t0.plusMillis(101)))).isTrue();

        Page<NodeResult> second = store.nodes(session.id(), null, first.nextCursor(), 3);

        assertThat(second.items()).extracting(NodeResult::nodeId).containsExactly("node0", "node10", "node9");
    }

    @Test
    void aNodeCursorThisServiceDidNotIssueIsRejected() {
        Session session = sessionWithOrderedNodes();

        assertThatThrownBy(() -> store.nodes(session.id(), null, "not a cursor!", 10))
                .isInstanceOf(InvalidRequestException.class)
                .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("cursor");
    }

    // ---------------------------------------------------------------- session list

    /** Newest first; sessions created in the same millisecond by id text, ascending. */
    private static final Comparator<Session> NEWEST_FIRST = Comparator
            .comparing((Session s) -> s.timeline().createdAt()).reversed()
            .thenComparing(s -> s.id().toString());

    private List<Session> sessionsForListing() {
        List<Session> sessions = new ArrayList<>();
        // Ids whose order as text differs from java.util.UUID#compareTo (which compares signed longs).
        List<UUID> tiedIds = List.of(UUID.fromString("f0000000-0000-4000-8000-000000000003"),
                UUID.fromString("0fffffff-0000-4000-8000-000000000001"),
                UUID.fromString("8fffffff-0000-4000-8000-000000000002"));
        for (UUID id : tiedIds) {
            sessions.add(insert(SessionFixture.at(t0.plusMillis(1)).id(id).status(SessionStatus.RUNNING).build()));
        }
        sessions.add(insert(SessionFixture.at(t0).status(SessionStatus.PENDING).build()));
        sessions.add(insert(SessionFixture.at(t0.plusMillis(2)).status(SessionStatus.RUNNING).build()));
        sessions.add(insert(SessionFixture.at(t0.plusMillis(5)).status(SessionStatus.PENDING).build()));
        sessions.add(insert(SessionFixture.at(t0.plusMillis(5)).status(SessionStatus.RUNNING).build()));
        sessions.add(insert(SessionFixture.at(t0.minusSeconds(3600)).status(SessionStatus.RUNNING).build()));
        sessions.sort(NEWEST_FIRST);
        return sessions;
    }

    @Test
    void listIsNewestFirstWithTiesByIdText() {
        List<Session> expected = sessionsForListing();

        Page<Session> all = store.list(SessionFilter.ALL, null, 100);

        assertThat(all.items()).containsExactlyElementsOf(expected);
        assertThat(all.nextCursor()).isNull();
    }

    @Test
    void listPagesContinueExactlyAndTheLastHasNoCursor() {
        List<Session> expected = sessionsForListing();

        List<Page<Session>> byThree = pages(cursor -> store.list(SessionFilter.ALL, cursor, 3));
        assertThat(byThree).extracting(p -> p.items().size()).containsExactly(3, 3, 2);
        assertThat(flatten(byThree)).containsExactlyElementsOf(expected);

        List<Page<Session>> byTwo = pages(cursor -> store.list(SessionFilter.ALL, cursor, 2));
        assertThat(byTwo).extracting(p -> p.items().size()).containsExactly(2, 2, 2, 2);
        assertThat(flatten(byTwo)).containsExactlyElementsOf(expected);

        List<Page<Session>> byOne = pages(cursor -> store.list(SessionFilter.ALL, cursor, 1));
        assertThat(flatten(byOne)).containsExactlyElementsOf(expected);
    }

    @Test
    void listFiltersByStatus() {
        List<Session> expected = sessionsForListing().stream()
                .filter(s -> s.status() == SessionStatus.RUNNING).toList();

        List<Page<Session>> running = pages(cursor -> store.list(SessionFilter.ofStatus(SessionStatus.RUNNING), cursor, 2));

        assertThat(flatten(running)).containsExactlyElementsOf(expected);
        assertThat(running).extracting(p -> p.items().size()).containsExactly(2, 2, 2);
        assertThat(store.list(SessionFilter.ofStatus(SessionStatus.CANCELLED), null, 10)).isEqualTo(new Page<Session>(List.of(), null));
    }

    @Test
    void aListCursorSurvivesTheRemovalOfTheSessionItPointsAt() {
        List<Session> expected = sessionsForListing();
        Page<Session> first = store.list(SessionFilter.ALL, null, 3);
        assertThat(first.items()).containsExactlyElementsOf(expected.subList(0, 3));

        assertThat(store.remove(expected.get(2).id(), GoneReason.DELETED, t0, t0.plusSeconds(60))).isPresent();
        assertThat(store.remove(expected.get(3).id(), GoneReason.DELETED, t0, t0.plusSeconds(60))).isPresent();

        Page<Session> second = store.list(SessionFilter.ALL, first.nextCursor(), 3);

        assertThat(second.items()).containsExactlyElementsOf(expected.subList(4, 7));
    }

    @Test
    void aListCursorThisServiceDidNotIssueIsRejected() {
        sessionsForListing();

        for (String bad : List.of("not a cursor!", Cursors.encode("no such position"))) {
            assertThatThrownBy(() -> store.list(SessionFilter.ALL, bad, 10))
                    .as("cursor %s", bad)
                    .isInstanceOf(InvalidRequestException.class)
                    .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("cursor");
        }
    }

    // ---------------------------------------------------------------- labels and filtered lists

    /**
     * Twelve sessions spread over statuses, labels, canvas paths and creation times (some in one millisecond, ids
     * ordered against UUID#compareTo), newest first. Every filter case compares a store's answer with
     * {@link SessionFilter#matches}, the reference meaning, over these.
     */
    private List<Session> sessionsForFiltering() {
        List<Session> sessions = new ArrayList<>();
        String[] paths = {"canvases/etl/a.json", "canvases/etl/b.json", "canvases/ml/x.json", "canvases/etl",
                "canvases/ü/z.json", "other/etl/a.json"};
        SessionStatus[] statuses = {SessionStatus.PENDING, SessionStatus.RUNNING, SessionStatus.COMPLETED,
                SessionStatus.FAILED, SessionStatus.RUNNING, SessionStatus.CANCELLED};
        List<UUID> tied = List.of(UUID.fromString("f0000000-0000-4000-8000-000000000003"),
                UUID.fromString("0fffffff-0000-4000-8000-000000000001"));
        for (int i = 0; i < 12; i++) {
            Map<String, String> labels = new HashMap<>();
            if (i % 2 == 0) {
                labels.put("team", i % 4 == 0 ? "data" : "ml");
            }
            if (i % 3 == 0) {
                labels.put("env", i % 6 == 0 ? "prod" : "");
            }
            if (i == 7) {
                labels.put("team", "data:eu"); // a value with a colon
            }
            SessionFixture session = SessionFixture.at(t0.plusMillis(i < 2 ? 100 : i * 10L))
                    .status(statuses[i % statuses.length])
                    .canvasPath(paths[i % paths.length])
                    .labels(labels);
            if (i < 2) {
                session.id(tied.get(i));
            }
            sessions.add(insert(session.build()));
        }
        sessions.sort(NEWEST_FIRST);
        return sessions;
    }

    private List<SessionFilter> filtersForFiltering() {
        Instant middle = t0.plusMillis(60);
        return List.of(
                SessionFilter.ALL,
                new SessionFilter(Set.of(SessionStatus.RUNNING), List.of(), null, null, null),
                new SessionFilter(Set.of(SessionStatus.RUNNING, SessionStatus.PENDING, SessionStatus.FAILED), List.of(),
                        null, null, null),
                new SessionFilter(Set.of(), List.of(selector("team", "data")), null, null, null),
                new SessionFilter(Set.of(), List.of(selector("team", null)), null, null, null),
                new SessionFilter(Set.of(), List.of(selector("env", "")), null, null, null),
                new SessionFilter(Set.of(), List.of(selector("team", "data:eu")), null, null, null),
                new SessionFilter(Set.of(), List.of(selector("team", "data"), selector("env", "prod")), null, null,
                        null),
                new SessionFilter(Set.of(), List.of(selector("env", null), selector("team", null)), null, null, null),
                new SessionFilter(Set.of(), List.of(selector("nobody", null)), null, null, null),
                new SessionFilter(Set.of(), List.of(), "canvases/etl", null, null),
                new SessionFilter(Set.of(), List.of(), "canvases/etl/", null, null),
                new SessionFilter(Set.of(), List.of(), "canvases/ü", null, null),
                new SessionFilter(Set.of(), List.of(), "nothing/", null, null),
                new SessionFilter(Set.of(), List.of(), null, middle, null),
                new SessionFilter(Set.of(), List.of(), null, null, middle),
                new SessionFilter(Set.of(), List.of(), null, t0.plusMillis(100), t0.plusMillis(100)),
                new SessionFilter(Set.of(), List.of(), null, t0.plusMillis(99), t0.plusMillis(101)),
                new SessionFilter(Set.of(SessionStatus.RUNNING, SessionStatus.PENDING), List.of(selector("team", null)),
                        "canvases/", t0, t0.plusMillis(110)),
                new SessionFilter(Set.of(SessionStatus.COMPLETED), List.of(selector("env", null)), "canvases/ml",
                        null, null),
                new SessionFilter(Set.of(), List.of(selector("team", "data")), "canvases/etl", null, middle));
    }

    private static SessionFilter.LabelSelector selector(String key, String value) {
        return new SessionFilter.LabelSelector(key, value);
    }

    @Test
    void labelsComeBackAsStoredAndNoLabelsAsNone() {
        Session labelled = insert(SessionFixture.at(t0).labels(Map.of("team", "data", "k8s.io/name", "")).build());
        Session plain = insert(SessionFixture.at(t0.plusMillis(1)).build());

        assertThat(store.find(labelled.id()).orElseThrow().plan().labels().entries())
                .isEqualTo(Map.of("team", "data", "k8s.io/name", ""));
        assertThat(store.find(plain.id()).orElseThrow().plan().labels()).isEqualTo(Labels.NONE);
        assertThat(store.list(SessionFilter.ALL, null, 10).items()).containsExactly(plain, labelled);
    }

    @Test
    void everyFilterListsWhatTheReferenceMeaningSelectsNewestFirst() {
        List<Session> sessions = sessionsForFiltering();

        for (SessionFilter filter : filtersForFiltering()) {
            List<Session> expected = sessions.stream().filter(filter::matches).toList();
            assertThat(store.list(filter, null, 100).items()).as("%s", filter).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void filteredPagesContinueExactlyUnderEveryFilter() {
        List<Session> sessions = sessionsForFiltering();

        for (SessionFilter filter : filtersForFiltering()) {
            List<Session> expected = sessions.stream().filter(filter::matches).toList();
            for (int size : List.of(1, 2, 5)) {
                List<Page<Session>> pages = pages(cursor -> store.list(filter, cursor, size));
                assertThat(flatten(pages)).as("%s by %d", filter, size).containsExactlyElementsOf(expected);
                assertThat(pages).as("%s by %d", filter, size).allMatch(p -> p.items().size() <= size)
                        .last().extracting(Page::nextCursor).isNull();
            }
        }
    }

    @Test
    void aCursorFromOneFilterIsTheSamePositionUnderAnother() {
        List<Session> sessions = sessionsForFiltering();
        Page<Session> firstOfAll = store.list(SessionFilter.ALL, null, 5);
        SessionFilter team = new SessionFilter(Set.of(), List.of(selector("team", null)), null, null, null);

        Page<Session> rest = store.list(team, firstOfAll.nextCursor(), 100);

        assertThat(rest.items()).containsExactlyElementsOf(
                sessions.subList(5, sessions.size()).stream().filter(team::matches).toList());
    }

    @Test
    void countsPerStatusAgreeWithTheReferenceMeaning() {
        List<Session> sessions = sessionsForFiltering();

        for (SessionFilter filter : filtersForFiltering()) {
            Map<SessionStatus, Long> expected = new EnumMap<>(SessionStatus.class);
            for (SessionStatus status : SessionStatus.values()) {
                expected.put(status, sessions.stream().filter(filter::matches).filter(s -> s.status() == status).count());
            }
            StatusCounts counts = store.counts(filter);
            assertThat(counts.byStatus()).as("%s", filter).isEqualTo(expected);
            assertThat(counts.total()).isEqualTo(sessions.stream().filter(filter::matches).count());
        }
    }

    @Test
    void aStatusChangeMovesTheSessionBetweenStatusFiltersAndCounts() {
        Session session = insert(SessionFixture.at(t0).labels(Map.of("team", "data")).build());
        Session running = SessionFixture.at(t0).id(session.id()).labels(Map.of("team", "data"))
                .status(SessionStatus.RUNNING).version(2).build();
        SessionFilter pendingData = new SessionFilter(Set.of(SessionStatus.PENDING), List.of(selector("team", "data")),
                null, null, null);
        SessionFilter runningData = new SessionFilter(Set.of(SessionStatus.RUNNING), List.of(selector("team", "data")),
                null, null, null);

        assertThat(store.update(running, 1, null)).isTrue();

        assertThat(store.list(pendingData, null, 10).items()).isEmpty();
        assertThat(store.list(runningData, null, 10).items()).containsExactly(running);
        assertThat(store.counts(SessionFilter.ALL).of(SessionStatus.RUNNING)).isEqualTo(1);
        assertThat(store.counts(SessionFilter.ALL).of(SessionStatus.PENDING)).isZero();
    }

    @Test
    void removalDropsASessionFromEveryIndex() {
        List<Session> sessions = sessionsForFiltering();
        for (Session session : sessions) {
            GoneReason reason = session.status() == SessionStatus.RUNNING ? GoneReason.DELETED : GoneReason.EXPIRED;
            assertThat(store.remove(session.id(), reason, t0.plus(Duration.ofHours(1)), t0.plus(Duration.ofHours(2))))
                    .isPresent();
        }

        for (SessionFilter filter : filtersForFiltering()) {
            assertThat(store.list(filter, null, 100).items()).as("%s", filter).isEmpty();
            assertThat(store.counts(filter).total()).as("%s", filter).isZero();
        }
        // A new session with the same labels and path is all a filter finds: nothing stale is left to match.
        Session again = insert(SessionFixture.at(t0.plusMillis(500)).canvasPath("canvases/etl/a.json")
                .labels(Map.of("team", "data", "env", "prod")).build());
        for (SessionFilter filter : filtersForFiltering()) {
            assertThat(store.list(filter, null, 100).items()).as("%s", filter)
                    .containsExactlyElementsOf(filter.matches(again) ? List.of(again) : List.of());
        }
    }

    // ---------------------------------------------------------------- remove, tombstones, expiry

    @Test
    void removeLeavesATombstoneAndCountsTheRemovalOnce() {
        Session session = insert(SessionFixture.at(t0).build(), List.of(node("a", PENDING, t0)));
        Instant now = t0.plusSeconds(10);
        Instant until = now.plus(Duration.ofHours(1));

        assertThat(store.remove(session.id(), GoneReason.DELETED, now, until)).contains(session);

        assertThat(store.find(session.id())).isEmpty();
        assertThat(store.findNode(session.id(), "a")).isEmpty();
        assertThat(store.nodes(session.id(), null, null, 10).items()).isEmpty();
        assertThat(store.count()).isZero();
        assertThat(store.list(SessionFilter.ALL, null, 10).items()).isEmpty();
        assertThat(store.expiredBefore(session.timeline().expiresAt(), 10)).isEmpty();
        assertThat(store.findTombstone(session.id()))
                .contains(new Tombstone(session.id(), GoneReason.DELETED, now, until));
        assertThat(store.stats(now, now).totalRemoved())
                .containsEntry(GoneReason.DELETED, 1L).containsEntry(GoneReason.EXPIRED, 0L);

        assertThat(store.remove(session.id(), GoneReason.DELETED, now.plusSeconds(1), until.plusSeconds(1))).isEmpty();
        assertThat(store.remove(session.id(), GoneReason.EXPIRED, session.timeline().expiresAt(), until.plusSeconds(1)))
                .isEmpty();

        assertThat(store.stats(now, now).totalRemoved())
                .containsEntry(GoneReason.DELETED, 1L).containsEntry(GoneReason.EXPIRED, 0L);
        assertThat(store.findTombstone(session.id()))
                .contains(new Tombstone(session.id(), GoneReason.DELETED, now, until));
    }

    @Test
    void removeAsExpiredOnlyTakesSessionsExpiredAtNow() {
        Instant expiry = t0.plus(Duration.ofMinutes(30));
        Session session = insert(SessionFixture.at(t0).expiresAt(expiry).build());

        assertThat(store.remove(session.id(), GoneReason.EXPIRED, expiry.minusMillis(1), expiry.plusSeconds(60)))
                .isEmpty();
        assertThat(store.find(session.id())).contains(session);
        assertThat(store.findTombstone(session.id())).isEmpty();
        assertThat(store.stats(t0, t0).totalRemoved()).containsEntry(GoneReason.EXPIRED, 0L);

        // Expiry is inclusive: at its expiry instant a session has expired.
        assertThat(store.remove(session.id(), GoneReason.EXPIRED, expiry, expiry.plusSeconds(60))).contains(session);
        assertThat(store.findTombstone(session.id()))
                .contains(new Tombstone(session.id(), GoneReason.EXPIRED, expiry, expiry.plusSeconds(60)));
        assertThat(store.stats(t0, t0).totalRemoved()).containsEntry(GoneReason.EXPIRED, 1L);
    }

    @Test
    void aSessionRevivedAfterItWasListedAsExpiredSurvivesTheRemoval() {
        Instant expiry = t0.plus(Duration.ofMinutes(30));
        Session session = insert(SessionFixture.at(t0).status(SessionStatus.RUNNING).expiresAt(expiry).build());
        Instant now = expiry.plusSeconds(1);
        assertThat(store.expiredBefore(now, 10)).containsExactly(session.id());

        // A write lands between the cleanup's listing and its removal.
        Session revived = session.written(now, now.plus(Duration.ofMinutes(30)));
        assertThat(store.update(revived, 1, null)).isTrue();

        assertThat(store.remove(session.id(), GoneReason.EXPIRED, now, now.plusSeconds(60))).isEmpty();
        assertThat(store.find(session.id())).contains(revived);
        assertThat(store.findTombstone(session.id())).isEmpty();
        assertThat(store.stats(now, now).totalRemoved()).containsEntry(GoneReason.EXPIRED, 0L);
    }

    @Test
    void expiredBeforeListsEarliestExpiryFirstUpToTheLimitWithAnInclusiveCutoff() {
        Session in3 = insert(SessionFixture.at(t0).expiresAt(t0.plus(Duration.ofMinutes(3))).build());
        Session in1 = insert(SessionFixture.at(t0).expiresAt(t0.plus(Duration.ofMinutes(1))).build());
        Session in10 = insert(SessionFixture.at(t0).expiresAt(t0.plus(Duration.ofMinutes(10))).build());
        Session in2 = insert(SessionFixture.at(t0).expiresAt(t0.plus(Duration.ofMinutes(2))).build());
        Session alsoIn3 = insert(SessionFixture.at(t0).expiresAt(t0.plus(Duration.ofMinutes(3))).build());

        assertThat(store.expiredBefore(t0, 10)).isEmpty();
        assertThat(store.expiredBefore(t0.plus(Duration.ofMinutes(3)).minusMillis(1), 10))
                .containsExactly(in1.id(), in2.id());
        List<UUID> upTo3 = store.expiredBefore(t0.plus(Duration.ofMinutes(3)), 10);
        assertThat(upTo3).hasSize(4);
        assertThat(upTo3.subList(0, 2)).containsExactly(in1.id(), in2.id());
        assertThat(upTo3.subList(2, 4)).containsExactlyInAnyOrder(in3.id(), alsoIn3.id());
        assertThat(store.expiredBefore(t0.plus(Duration.ofHours(1)), 2)).containsExactly(in1.id(), in2.id());
        assertThat(store.expiredBefore(t0.plus(Duration.ofHours(1)), 10)).hasSize(5).endsWith(in10.id());

        store.remove(in1.id(), GoneReason.DELETED, t0, t0.plusSeconds(60));
        assertThat(store.expiredBefore(t0.plus(Duration.ofMinutes(2)), 10)).containsExactly(in2.id());
    }

    @Test
    void purgeTombstonesDropsThoseKeptUntilNowOrEarlier() {
        Session a = insert(SessionFixture.at(t0).build());
        Session b = insert(SessionFixture.at(t0).build());
        Session c = insert(SessionFixture.at(t0).build());
        Instant untilA = t0.plus(Duration.ofMinutes(10));
        Instant untilB = t0.plus(Duration.ofMinutes(20));
        Instant untilC = t0.plus(Duration.ofMinutes(30));
        store.remove(a.id(), GoneReason.DELETED, t0, untilA);
        store.remove(b.id(), GoneReason.EXPIRED, b.timeline().expiresAt(), untilB);
        store.remove(c.id(), GoneReason.DELETED, t0, untilC);

        assertThat(store.purgeTombstones(untilA.minusMillis(1), 100)).isZero();
        assertThat(store.purgeTombstones(untilA, 100)).isEqualTo(1);
        assertThat(store.findTombstone(a.id())).isEmpty();
        assertThat(store.findTombstone(b.id())).isPresent();

        assertThat(store.purgeTombstones(untilC, 1)).isEqualTo(1);
        assertThat(store.findTombstone(b.id())).isEmpty();
        assertThat(store.findTombstone(c.id())).isPresent();

        assertThat(store.purgeTombstones(untilC, 100)).isEqualTo(1);
        assertThat(store.findTombstone(c.id())).isEmpty();
        assertThat(store.purgeTombstones(untilC.plus(Duration.ofDays(1)), 100)).isZero();
        // Purging tombstones forgets sessions, not the count of removals.
        assertThat(store.stats(untilC, untilC).totalRemovedAll()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- change feed

    @Test
    void theChangeFeedShowsEachWrittenSessionOnceAtItsLatestWriteInSequenceOrder() {
        long start = store.feedPosition();
        Session a = insert(SessionFixture.at(t0).build());
        Session b = insert(SessionFixture.at(t0.plusMillis(1)).build());
        Session c = insert(SessionFixture.at(t0.plusMillis(2)).build());
        Session a2 = SessionFixture.at(t0).id(a.id()).status(SessionStatus.RUNNING).version(2).build();
        assertThat(store.update(a2, 1, null)).isTrue();
        store.remove(b.id(), GoneReason.DELETED, t0, t0.plusSeconds(60));

        ChangePage page = awaitChanges(start, 3);

        assertThat(page.changes()).extracting(ChangePage.Change::taskId).containsExactly(c.id(), a.id(), b.id());
        assertThat(page.changes()).extracting(ChangePage.Change::seq).isSorted().doesNotHaveDuplicates()
                .allMatch(seq -> seq > start && seq <= page.position());
        assertThat(page.changes().get(0)).isEqualTo(new ChangePage.Changed(page.changes().get(0).seq(), c));
        assertThat(page.changes().get(1)).isEqualTo(new ChangePage.Changed(page.changes().get(1).seq(), a2));
        assertThat(page.changes().get(2)).isEqualTo(new ChangePage.Removed(page.changes().get(2).seq(),
                store.findTombstone(b.id()).orElseThrow()));
        assertThat(page.lost(start)).isFalse();
        assertThat(page.position()).isLessThanOrEqualTo(store.feedPosition());
        assertThat(store.changesAfter(page.position(), 100).changes()).isEmpty();
    }

    @Test
    void touchesAndRefusedWritesAreNoChanges() {
        long start = store.feedPosition();
        Session a = insert(SessionFixture.at(t0).build());
        long after = awaitChanges(start, 1).position();

        assertThat(store.touch(a.id(), 1, t0.plusSeconds(1), t0.plusSeconds(90))).isTrue();
        assertThat(store.update(SessionFixture.at(t0).id(a.id()).version(3).build(), 2, null)).isFalse();
        assertThat(store.remove(a.id(), GoneReason.EXPIRED, t0, t0.plusSeconds(60))).isEmpty();
        Session marker = insert(SessionFixture.at(t0).build());

        ChangePage page = awaitChanges(after, 1);
        assertThat(page.changes()).extracting(ChangePage.Change::taskId).containsExactly(marker.id());
    }

    @Test
    void changePagesContinueWithoutGapsOrDuplicatesAndTheLastEndsAtThePosition() {
        long start = store.feedPosition();
        List<UUID> written = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            written.add(insert(SessionFixture.at(t0.plusMillis(i)).build()).id());
        }
        long end = awaitChanges(start, 7).position();

        List<UUID> read = new ArrayList<>();
        long position = start;
        for (int pages = 0; pages < 10; pages++) {
            ChangePage page = store.changesAfter(position, 3);
            assertThat(page.changes()).hasSizeLessThanOrEqualTo(3);
            page.changes().forEach(change -> read.add(change.taskId()));
            assertThat(page.position()).isGreaterThanOrEqualTo(position);
            position = page.position();
            if (page.changes().isEmpty()) {
                break;
            }
        }

        assertThat(read).containsExactlyElementsOf(written);
        assertThat(position).isGreaterThanOrEqualTo(end);
    }

    @Test
    void purgingATombstoneRaisesTheFloorToItsRemoval() {
        long start = store.feedPosition();
        Session kept = insert(SessionFixture.at(t0).build());
        Session gone = insert(SessionFixture.at(t0).build());
        long beforeRemoval = awaitChanges(start, 2).position();
        store.remove(gone.id(), GoneReason.DELETED, t0, t0.plusSeconds(60));
        ChangePage withRemoval = awaitChanges(beforeRemoval, 1);
        long removalSeq = withRemoval.changes().get(0).seq();
        assertThat(withRemoval.lost(beforeRemoval)).isFalse();

        assertThat(store.purgeTombstones(t0.plusSeconds(60), 100)).isEqualTo(1);

        ChangePage afterPurge = store.changesAfter(beforeRemoval, 100);
        assertThat(afterPurge.lost(beforeRemoval)).isTrue();
        assertThat(afterPurge.floor()).isEqualTo(removalSeq);
        assertThat(store.changesAfter(removalSeq, 100).lost(removalSeq)).isFalse();
        assertThat(store.find(kept.id())).isPresent();
    }

    /**
     * The page after {@code after} once it holds at least {@code count} changes: a store numbering by transaction
     * (PostgreSQL) shows a committed write only when every older transaction of the server has finished.
     */
    protected ChangePage awaitChanges(long after, int count) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> store.changesAfter(after, 100), page -> page.changes().size() >= count);
    }

    // ---------------------------------------------------------------- stats

    @Test
    void statsOfAnEmptyStore() {
        StoreStats stats = store.stats(t0, t0);

        assertThat(stats.byStatus()).containsOnlyKeys(SessionStatus.values()).allSatisfy((s, n) -> assertThat(n).isZero());
        assertThat(stats.totalRemoved()).containsOnlyKeys(GoneReason.values()).allSatisfy((r, n) -> assertThat(n).isZero());
        assertThat(stats.expired()).isZero();
        assertThat(stats.stale()).isZero();
        assertThat(stats.totalCreated()).isZero();
        assertThat(stats.finishedSessions()).isZero();
        assertThat(stats.finishedDurationMsSum()).isZero();
        assertThat(stats.oldestCreatedAt()).isNull();
        assertThat(stats.newestCreatedAt()).isNull();
        assertThat(stats.approxBytes()).isNotNegative();
    }

    @Test
    void statsDescribeTheWholeStore() {
        Instant now = t0.plus(Duration.ofMinutes(20));
        Instant staleBefore = t0.plusSeconds(3);
        insert(SessionFixture.at(t0).build());
        // Running, last active exactly at the stale cutoff: stale (the cutoff is inclusive, like expiry).
        insert(SessionFixture.at(t0.plusSeconds(1)).status(SessionStatus.RUNNING).startedAt(t0.plusSeconds(2))
                .lastActivityAt(staleBefore).build());
        insert(SessionFixture.at(t0.plusSeconds(2)).status(SessionStatus.RUNNING).startedAt(t0.plusSeconds(2))
                .lastActivityAt(staleBefore.plusMillis(1)).build());
        // Finished: 60 s from its start, and 2 s from its creation (it never ran).
        insert(SessionFixture.at(t0.plusSeconds(3)).status(SessionStatus.COMPLETED).startedAt(t0.plusSeconds(4))
                .finishedAt(t0.plusSeconds(64)).build());
        insert(SessionFixture.at(t0.plusSeconds(5)).status(SessionStatus.FAILED).finishedAt(t0.plusSeconds(7)).build());
        // Past its expiry (exactly at now), not yet removed.
        insert(SessionFixture.at(t0.plusSeconds(6)).expiresAt(now).build());
        // Created later, then removed: in the totals only.
        Session deleted = insert(SessionFixture.at(t0.plusSeconds(7)).build());
        Session expired = insert(SessionFixture.at(t0.plusSeconds(8)).expiresAt(t0.plusSeconds(9)).build());
        store.remove(deleted.id(), GoneReason.DELETED, now, now.plusSeconds(60));
        store.remove(expired.id(), GoneReason.EXPIRED, now, now.plusSeconds(60));

        StoreStats stats = store.stats(now, staleBefore);

        Map<SessionStatus, Long> byStatus = new EnumMap<>(SessionStatus.class);
        for (SessionStatus status : SessionStatus.values()) {
            byStatus.put(status, 0L);
        }
        byStatus.put(SessionStatus.PENDING, 2L);
        byStatus.put(SessionStatus.RUNNING, 2L);
        byStatus.put(SessionStatus.COMPLETED, 1L);
        byStatus.put(SessionStatus.FAILED, 1L);
        assertThat(stats.byStatus()).isEqualTo(byStatus);
        assertThat(stats.sessions()).isEqualTo(6);
        assertThat(stats.active()).isEqualTo(4);
        assertThat(stats.expired()).isEqualTo(1);
        assertThat(stats.stale()).isEqualTo(1);
        assertThat(stats.totalCreated()).isEqualTo(8);
        assertThat(stats.totalRemoved()).isEqualTo(Map.of(GoneReason.DELETED, 1L, GoneReason.EXPIRED, 1L));
        assertThat(stats.finishedSessions()).isEqualTo(2);
        assertThat(stats.finishedDurationMsSum()).isEqualTo(62_000);
        assertThat(stats.oldestCreatedAt()).isEqualTo(t0);
        assertThat(stats.newestCreatedAt()).isEqualTo(t0.plusSeconds(6));
        assertThat(stats.approxBytes()).isPositive();
    }

    @Test
    void totalsAreTheCountersOfTheStatsReadAlone() {
        assertThat(store.totals()).isEqualTo(new StoreTotals(0, Map.of(), 0));
        Instant now = t0.plus(Duration.ofMinutes(20));
        insert(SessionFixture.at(t0).build());
        Session deleted = insert(SessionFixture.at(t0.plusSeconds(1)).build());
        Session expired = insert(SessionFixture.at(t0.plusSeconds(2)).expiresAt(t0.plusSeconds(3)).build());
        store.remove(deleted.id(), GoneReason.DELETED, now, now.plusSeconds(60));
        store.remove(expired.id(), GoneReason.EXPIRED, now, now.plusSeconds(60));
        store.purgeTombstones(now.plusSeconds(60), 10);

        StoreTotals totals = store.totals();

        assertThat(totals.created()).isEqualTo(3);
        assertThat(totals.removed()).isEqualTo(Map.of(GoneReason.DELETED, 1L, GoneReason.EXPIRED, 1L));
        StoreStats stats = store.stats(now, now);
        assertThat(totals).isEqualTo(new StoreTotals(stats.totalCreated(), stats.totalRemoved(), 0));
    }

    // ---------------------------------------------------------------- compaction

    /** A finished session (completed at {@code finishedAt}) with a result, a long error and a short one. */
    private Session finishedWithResults(Instant finishedAt, String label) {
        String longError = "é".repeat(10) + "\uD83D\uDE00".repeat(300); // 310 code points, 610 UTF-16 units
        List<NodeResult> nodes = List.of(
                new NodeResult("a", COMPLETED, "{\"rows\":[1,2,3],\"blob\":\"" + "x".repeat(1024) + "\"}", null,
                        finishedAt.minusSeconds(3), finishedAt.minusSeconds(2), finishedAt.minusSeconds(2)),
                new NodeResult("b", FAILED, "{\"partial\":true}", longError, finishedAt.minusSeconds(3),
                        finishedAt.minusSeconds(1), finishedAt.minusSeconds(1)),
                new NodeResult("c", FAILED, null, "short", finishedAt.minusSeconds(3), finishedAt, finishedAt));
        return insert(SessionFixture.at(finishedAt.minusSeconds(10))
                .status(SessionStatus.PARTIAL_FAILURE)
                .nodeCount(3)
                .counts(new NodeCounts(1, 2, 0))
                .startedAt(finishedAt.minusSeconds(5))
                .finishedAt(finishedAt)
                .expiresAt(finishedAt.plus(Duration.ofDays(7)))
                .version(9)
                .labels(Map.of("team", label))
                .history(List.of(
                        new Transition(SessionStatus.PENDING, SessionStatus.RUNNING, finishedAt.minusSeconds(5), null),
                        new Transition(SessionStatus.RUNNING, SessionStatus.PARTIAL_FAILURE, finishedAt, "done")))
                .build(), nodes);
    }

    @Test
    void compactKeepsTheDocumentAndNodeTimesDropsResultsAndCutsErrors() {
        Instant finished = t0.plusSeconds(30);
        Session session = finishedWithResults(finished, "data");
        List<NodeResult> before = store.nodes(session.id(), null, null, 10).items();
        assertThat(before.subList(0, 2)).extracting(NodeResult::resultJson).doesNotContainNull();
        long feedBefore = store.feedPosition();
        Instant now = finished.plus(Duration.ofHours(2));

        assertThat(store.compact(session.id(), finished, now)).isTrue();

        Session compacted = store.find(session.id()).orElseThrow();
        assertThat(compacted).isEqualTo(session.compactedAt(now));
        assertThat(compacted.isCompacted()).isTrue();
        assertThat(compacted.version()).isEqualTo(session.version());
        List<NodeResult> expected = before.stream().map(NodeResult::compacted).toList();
        assertThat(store.nodes(session.id(), null, null, 10).items()).isEqualTo(expected);
        assertThat(expected).extracting(NodeResult::resultJson).containsOnlyNulls();
        NodeResult cut = expected.get(1);
        assertThat(cut.error().codePointCount(0, cut.error().length())).isEqualTo(NodeResult.COMPACTED_ERROR_LENGTH);
        assertThat(cut.error()).startsWith("é".repeat(10) + "\uD83D\uDE00").endsWith("\uD83D\uDE00");
        assertThat(expected.get(2).error()).isEqualTo("short");
        assertThat(cut.executionTimeMs()).isEqualTo(2_000L);
        assertThat(store.findNode(session.id(), "b")).contains(cut);
        assertThat(store.findNodes(compacted, List.of("a", "c", "zz")))
                .isEqualTo(Map.of("a", expected.get(0), "c", expected.get(2)));
        assertThat(store.nodes(session.id(), FAILED, null, 1).items()).containsExactly(cut);
        assertThat(store.totals().compacted()).isEqualTo(1);
        // No versioned change: the feed has nothing new, listings and filters find the session as before.
        assertThat(store.changesAfter(feedBefore, 10).changes()).isEmpty();
        assertThat(store.list(SessionFilter.ALL, null, 10).items()).containsExactly(compacted);
        SessionFilter byLabel = new SessionFilter(Set.of(SessionStatus.PARTIAL_FAILURE),
                List.of(new SessionFilter.LabelSelector("team", "data")), null, null, null);
        assertThat(store.list(byLabel, null, 10).items()).containsExactly(compacted);
        assertThat(store.counts(SessionFilter.ALL).of(SessionStatus.PARTIAL_FAILURE)).isEqualTo(1);
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void compactIsIdempotentAndCountsEachSessionOnce() {
        Session session = finishedWithResults(t0, "data");
        Instant now = t0.plus(Duration.ofHours(2));
        assertThat(store.compact(session.id(), now, now)).isTrue();
        List<NodeResult> once = store.nodes(session.id(), null, null, 10).items();

        assertThat(store.compact(session.id(), now, now.plusSeconds(1))).isFalse();
        assertThat(store.compact(session.id(), now.plusSeconds(5), now.plusSeconds(5))).isFalse();

        assertThat(store.find(session.id()).orElseThrow().timeline().compactedAt()).isEqualTo(now);
        assertThat(store.nodes(session.id(), null, null, 10).items()).isEqualTo(once);
        assertThat(store.totals().compacted()).isEqualTo(1);
        assertThat(store.compact(UUID.randomUUID(), now, now)).isFalse();
        assertThat(store.totals().compacted()).isEqualTo(1);

        // A compacted session is removed whole, like any other.
        assertThat(store.remove(session.id(), GoneReason.DELETED, now, now.plusSeconds(60))).isPresent();
        assertThat(store.findNode(session.id(), "a")).isEmpty();
        assertThat(store.findNodes(session, List.of("a", "b"))).isEmpty();
        assertThat(store.nodes(session.id(), null, null, 10).items()).isEmpty();
        assertThat(store.compact(session.id(), now, now)).isFalse();
    }

    @Test
    void aCompactedSessionPagesItsNodesByCursorAndStatus() {
        Instant finished = t0.plusSeconds(30);
        List<NodeResult> nodes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            nodes.add(node("n" + i, i % 3 == 0 ? FAILED : COMPLETED, finished.minusSeconds(i)));
        }
        Session session = insert(SessionFixture.at(t0).status(SessionStatus.PARTIAL_FAILURE).nodeCount(7)
                .counts(new NodeCounts(4, 3, 0)).startedAt(t0).finishedAt(finished)
                .expiresAt(finished.plus(Duration.ofDays(1))).build(), nodes);
        assertThat(store.compact(session.id(), finished, finished)).isTrue();

        Page<NodeResult> first = store.nodes(session.id(), null, null, 3);
        assertThat(first.items()).extracting(NodeResult::nodeId).containsExactly("n0", "n1", "n2");
        Page<NodeResult> second = store.nodes(session.id(), null, first.nextCursor(), 3);
        assertThat(second.items()).extracting(NodeResult::nodeId).containsExactly("n3", "n4", "n5");
        Page<NodeResult> last = store.nodes(session.id(), null, second.nextCursor(), 3);
        assertThat(last.items()).extracting(NodeResult::nodeId).containsExactly("n6");
        assertThat(last.nextCursor()).isNull();
        assertThat(store.nodes(session.id(), FAILED, null, 10).items()).extracting(NodeResult::nodeId)
                .containsExactly("n0", "n3", "n6");
        assertThat(store.nodes(session.id(), RUNNING, null, 10).items()).isEmpty();
        assertThat(store.findNode(session.id(), "n4")).contains(nodes.get(4).compacted());
    }

    @Test
    void compactOnlyTakesSessionsFinishedByTheCutoff() {
        Session running = insert(SessionFixture.at(t0).status(SessionStatus.RUNNING).startedAt(t0).build(),
                List.of(node("a", COMPLETED, t0.plusSeconds(1))));
        Instant finished = t0.plusSeconds(60);
        Session done = finishedWithResults(finished, "data");

        assertThat(store.compact(running.id(), finished.plus(Duration.ofDays(1)), finished)).isFalse();
        assertThat(store.findNode(running.id(), "a").orElseThrow().resultJson()).isNotNull();
        assertThat(store.compact(done.id(), finished.minusMillis(1), finished)).isFalse();
        assertThat(store.find(done.id()).orElseThrow().isCompacted()).isFalse();
        assertThat(store.findNode(done.id(), "a").orElseThrow().resultJson()).isNotNull();
        assertThat(store.totals().compacted()).isZero();

        // Inclusive, as expiry is: finished exactly at the cutoff is old enough.
        assertThat(store.compact(done.id(), finished, finished)).isTrue();
        assertThat(store.totals().compacted()).isEqualTo(1);
    }

    @Test
    void compactableBeforeListsFinishedSessionsNotCompactedEarliestFinishFirst() {
        insert(SessionFixture.at(t0).status(SessionStatus.RUNNING).startedAt(t0).build());
        insert(SessionFixture.at(t0).build());
        Session at3 = finishedWithResults(t0.plus(Duration.ofMinutes(3)), "a");
        Session at1 = finishedWithResults(t0.plus(Duration.ofMinutes(1)), "b");
        Session at10 = finishedWithResults(t0.plus(Duration.ofMinutes(10)), "c");
        Session at2 = finishedWithResults(t0.plus(Duration.ofMinutes(2)), "d");

        assertThat(store.compactableBefore(t0, 10)).isEmpty();
        assertThat(store.compactableBefore(t0.plus(Duration.ofMinutes(3)).minusMillis(1), 10))
                .containsExactly(at1.id(), at2.id());
        assertThat(store.compactableBefore(t0.plus(Duration.ofMinutes(3)), 10))
                .containsExactly(at1.id(), at2.id(), at3.id());
        assertThat(store.compactableBefore(t0.plus(Duration.ofHours(1)), 2)).containsExactly(at1.id(), at2.id());
        assertThat(store.compactableBefore(t0.plus(Duration.ofHours(1)), 10))
                .containsExactly(at1.id(), at2.id(), at3.id(), at10.id());

        Instant now = t0.plus(Duration.ofHours(1));
        store.compact(at1.id(), now, now);
        store.remove(at2.id(), GoneReason.DELETED, now, now.plusSeconds(60));
        assertThat(store.compactableBefore(now, 10)).containsExactly(at3.id(), at10.id());
    }

    @Test
    void aSessionThatFinishesThroughAnUpdateBecomesCompactable() {
        Session running = insert(SessionFixture.at(t0).status(SessionStatus.RUNNING).startedAt(t0).build());
        Instant finished = t0.plusSeconds(5);
        assertThat(store.compactableBefore(finished, 10)).isEmpty();

        Session done = running.transitionTo(SessionStatus.COMPLETED, null, finished)
                .written(finished, finished.plus(Duration.ofDays(1)));
        assertThat(store.update(done, running.version(), node("a", COMPLETED, finished))).isTrue();

        assertThat(store.compactableBefore(finished, 10)).containsExactly(running.id());
        assertThat(store.compact(running.id(), finished, finished.plusSeconds(1))).isTrue();
        assertThat(store.findNode(running.id(), "a").orElseThrow().resultJson()).isNull();
        assertThat(store.compactableBefore(finished.plusSeconds(1), 10)).isEmpty();
    }

    @Test
    void callersRacingToCompactCompactAndCountEachSessionOnce() throws Exception {
        int sessions = 20;
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            ids.add(finishedWithResults(t0.plusMillis(i), "race").id());
        }
        Instant now = t0.plus(Duration.ofHours(1));
        int callers = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Integer>> wins = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                wins.add(pool.submit(() -> {
                    start.await();
                    int won = 0;
                    for (UUID id : ids) {
                        won += store.compact(id, now, now) ? 1 : 0;
                    }
                    return won;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> win : wins) {
                total += win.get(concurrencyTimeout().toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(sessions);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.totals().compacted()).isEqualTo(sessions);
        assertThat(store.compactableBefore(now, 100)).isEmpty();
    }

    // ---------------------------------------------------------------- analytics

    /**
     * Whether this store reads node execution times from a histogram (Redis): a percentile is then the lower bound
     * of the exact value's bucket, at most 1/8 below it. Exact stores say false and are held to every millisecond.
     */
    protected boolean approximateNodeTimes() {
        return false;
    }

    /**
     * The fixed set: six sessions in the window [h0, h0 + 3 h) on three canvas paths, and three outside it (one
     * finished 1 ms before since, one exactly at until, one still running). Every figure below is worked out by
     * hand from it.
     */
    private Instant analyticsFixture() {
        Instant h0 = t0.truncatedTo(ChronoUnit.HOURS);
        Map<String, String> team = Map.of("team", "data");
        // z/nightly.json: S1 completed (10 s), S2 partial (30 s), S3 failed (never started: 5 s from creation).
        Instant f1 = h0.plus(Duration.ofMinutes(10)).plusSeconds(10);
        finish("z/nightly.json", SessionStatus.COMPLETED, h0.plus(Duration.ofMinutes(9)), f1.minusSeconds(10), f1,
                team, timed("n1", NodeStatus.COMPLETED, f1, 100, null), timed("n2", NodeStatus.COMPLETED, f1, 200, null));
        Instant f2 = h0.plus(Duration.ofMinutes(20)).plusSeconds(30);
        finish("z/nightly.json", SessionStatus.PARTIAL_FAILURE, h0.plus(Duration.ofMinutes(19)), f2.minusSeconds(30),
                f2, Map.of(), timed("n1", NodeStatus.COMPLETED, f2, 300, null),
                timed("n2", NodeStatus.FAILED, f2, 400, "e-S2-n2"),
                new NodeResult("m1", NodeStatus.FAILED, null, "e-S2-m1", null, f2, f2));
        Instant f3 = h0.plus(Duration.ofMinutes(70)).plusSeconds(5);
        finish("z/nightly.json", SessionStatus.FAILED, f3.minusSeconds(5), null, f3, team,
                timed("n2", NodeStatus.FAILED, f3, 50, "e-S3-n2"),
                timed("n3", NodeStatus.FAILED, f3, 1_000, "x".repeat(300)));
        // a/hourly.json: S4 completed (60 s), S9 completed exactly at since (2 s).
        Instant f4 = h0.plus(Duration.ofMinutes(130)).plusSeconds(60);
        finish("a/hourly.json", SessionStatus.COMPLETED, h0.plus(Duration.ofMinutes(129)), f4.minusSeconds(60), f4,
                Map.of(), timed("n1", NodeStatus.COMPLETED, f4, 2_000, null));
        finish("a/hourly.json", SessionStatus.COMPLETED, h0.minusSeconds(5), h0.minusSeconds(2), h0, Map.of());
        // m/adhoc.json: S5 cancelled (20 s) with a node still running.
        Instant f5 = h0.plus(Duration.ofMinutes(140)).plusSeconds(20);
        finish("m/adhoc.json", SessionStatus.CANCELLED, h0.plus(Duration.ofMinutes(139)), f5.minusSeconds(20), f5,
                Map.of(), new NodeResult("n1", NodeStatus.RUNNING, null, null, f5.minusSeconds(10), null, f5));
        // Outside: 1 ms before since, exactly at until, and running.
        finish("z/nightly.json", SessionStatus.COMPLETED, h0.minusSeconds(60), h0.minusSeconds(30), h0.minusMillis(1),
                Map.of(), timed("n9", NodeStatus.FAILED, h0.minusMillis(1), 5, "outside"));
        Instant until = h0.plus(Duration.ofHours(3));
        finish("z/nightly.json", SessionStatus.FAILED, until.minusSeconds(60), until.minusSeconds(30), until,
                Map.of(), timed("n9", NodeStatus.FAILED, until, 5, "outside"));
        insert(SessionFixture.at(h0.plusSeconds(1)).canvasPath("z/nightly.json").status(SessionStatus.RUNNING)
                .startedAt(h0.plusSeconds(1)).build(), List.of(timed("n9", NodeStatus.FAILED, h0.plusSeconds(2), 5,
                "running")));
        return h0;
    }

    @Test
    void analyticsCountsEveryFigureOverTheWindowsFinishedSessions() {
        Instant h0 = analyticsFixture();
        AnalyticsQuery query = new AnalyticsQuery(SessionFilter.ALL, h0, h0.plus(Duration.ofHours(3)));

        Analytics report = store.analytics(query);

        assertThat(report.since()).isEqualTo(h0);
        assertThat(report.until()).isEqualTo(h0.plus(Duration.ofHours(3)));
        assertThat(report.approximate()).isEqualTo(approximateNodeTimes());
        Analytics.Figures all = report.overall();
        assertThat(all.byStatus()).isEqualTo(terminal(3, 1, 1, 1));
        assertThat(all.sessions()).isEqualTo(6);
        assertThat(all.successRate()).isEqualTo(0.5);
        // Durations 2, 5, 10, 20, 30, 60 s: p50 at rank 3, p95 at rank 6.
        assertThat(all.sessionDurationMs()).isEqualTo(new Analytics.Distribution(6, 10_000L, 60_000L, 60_000L));
        // Node times 50, 100, 200, 300, 400, 1000, 2000 ms: p50 at rank 4, p95 at rank 7.
        assertNodeTimes(all.nodeExecutionMs(), 7, 300, 2_000, 2_000);
        assertThat(all.nodesFinished()).isEqualTo(8);
        assertThat(all.nodesPerSecond(query.window())).isCloseTo(8 / 10_800.0, within(1e-12));
        assertThat(all.failingNodes()).containsExactly(
                new Analytics.FailingNode("n2", 2, "e-S3-n2"),
                new Analytics.FailingNode("m1", 1, "e-S2-m1"),
                new Analytics.FailingNode("n3", 1, "x".repeat(256)));

        assertThat(report.byCanvasPath()).extracting(Analytics.PathFigures::canvasPath)
                .containsExactly("z/nightly.json", "a/hourly.json", "m/adhoc.json");
        Analytics.Figures z = report.byCanvasPath().get(0).figures();
        assertThat(z.byStatus()).isEqualTo(terminal(1, 1, 1, 0));
        assertThat(z.successRate()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(z.sessionDurationMs()).isEqualTo(new Analytics.Distribution(3, 10_000L, 30_000L, 30_000L));
        assertNodeTimes(z.nodeExecutionMs(), 6, 200, 1_000, 1_000);
        assertThat(z.nodesFinished()).isEqualTo(7);
        assertThat(z.failingNodes()).extracting(Analytics.FailingNode::nodeId).containsExactly("n2", "m1", "n3");
        Analytics.Figures a = report.byCanvasPath().get(1).figures();
        assertThat(a.byStatus()).isEqualTo(terminal(2, 0, 0, 0));
        assertThat(a.successRate()).isEqualTo(1.0);
        assertThat(a.sessionDurationMs()).isEqualTo(new Analytics.Distribution(2, 2_000L, 60_000L, 60_000L));
        assertNodeTimes(a.nodeExecutionMs(), 1, 2_000, 2_000, 2_000);
        assertThat(a.nodesFinished()).isEqualTo(1);
        assertThat(a.failingNodes()).isEmpty();
        Analytics.Figures m = report.byCanvasPath().get(2).figures();
        assertThat(m.byStatus()).isEqualTo(terminal(0, 0, 0, 1));
        assertThat(m.successRate()).isEqualTo(0.0);
        assertThat(m.sessionDurationMs()).isEqualTo(new Analytics.Distribution(1, 20_000L, 20_000L, 20_000L));
        assertThat(m.nodeExecutionMs()).isEqualTo(Analytics.Distribution.NONE);
        assertThat(m.nodesFinished()).isZero();

        assertThat(report.hourly()).extracting(Analytics.Hour::start)
                .containsExactly(h0, h0.plus(Duration.ofHours(1)), h0.plus(Duration.ofHours(2)));
        assertThat(report.hourly()).extracting(Analytics.Hour::byStatus)
                .containsExactly(terminal(2, 1, 0, 0), terminal(0, 0, 1, 0), terminal(1, 0, 0, 1));
    }

    @Test
    void compactedSessionsKeepTheirNodeFiguresInAnalytics() {
        Instant h0 = analyticsFixture();
        AnalyticsQuery query = new AnalyticsQuery(SessionFilter.ALL, h0, h0.plus(Duration.ofHours(3)));
        Analytics before = store.analytics(query);
        Instant later = h0.plus(Duration.ofDays(1));
        List<UUID> compactable = store.compactableBefore(later, 100);
        assertThat(compactable).hasSize(8);
        for (UUID id : compactable) {
            assertThat(store.compact(id, later, later)).isTrue();
        }

        Analytics after = store.analytics(query);

        assertSameNodeFigures(after.overall(), before.overall(), after.approximate());
        assertThat(after.byCanvasPath()).extracting(Analytics.PathFigures::canvasPath)
                .containsExactlyElementsOf(before.byCanvasPath().stream().map(Analytics.PathFigures::canvasPath)
                        .toList());
        for (int i = 0; i < before.byCanvasPath().size(); i++) {
            assertSameNodeFigures(after.byCanvasPath().get(i).figures(), before.byCanvasPath().get(i).figures(),
                    after.approximate());
        }
        assertThat(after.hourly()).isEqualTo(before.hourly());
    }

    /**
     * After compaction every figure is what it was, node times included: exactly, unless the report says it is
     * approximate, and then each within the histogram's bound (exact / 1.125 < reported ≤ exact).
     */
    private static void assertSameNodeFigures(Analytics.Figures after, Analytics.Figures before, boolean approximate) {
        assertThat(after.byStatus()).isEqualTo(before.byStatus());
        assertThat(after.sessionDurationMs()).isEqualTo(before.sessionDurationMs());
        assertThat(after.nodesFinished()).isEqualTo(before.nodesFinished());
        assertThat(after.failingNodes()).isEqualTo(before.failingNodes());
        Analytics.Distribution exact = before.nodeExecutionMs();
        Analytics.Distribution reported = after.nodeExecutionMs();
        if (!approximate || exact.count() == 0) {
            assertThat(reported).isEqualTo(exact);
            return;
        }
        assertThat(reported.count()).isEqualTo(exact.count());
        assertThat(List.of(reported.p50(), reported.p95(), reported.max()))
                .zipSatisfy(List.of(exact.p50(), exact.p95(), exact.max()), (value, bound) ->
                        assertThat(value).isLessThanOrEqualTo(bound).isGreaterThan((long) Math.floor(bound / 1.125)));
    }

    @Test
    void analyticsTakeTheListFilters() {
        Instant h0 = analyticsFixture();
        Instant until = h0.plus(Duration.ofHours(3));

        Analytics labelled = store.analytics(new AnalyticsQuery(new SessionFilter(Set.of(),
                List.of(new SessionFilter.LabelSelector("team", "data")), null, null, null), h0, until));
        Analytics completedUnderA = store.analytics(new AnalyticsQuery(new SessionFilter(
                Set.of(SessionStatus.COMPLETED), List.of(), "a/", null, null), h0, until));

        // S1 (10 s, nodes 100 and 200 ms) and S3 (5 s, nodes 50 and 1000 ms).
        assertThat(labelled.overall().byStatus()).isEqualTo(terminal(1, 0, 1, 0));
        assertThat(labelled.overall().sessionDurationMs())
                .isEqualTo(new Analytics.Distribution(2, 5_000L, 10_000L, 10_000L));
        assertNodeTimes(labelled.overall().nodeExecutionMs(), 4, 100, 1_000, 1_000);
        assertThat(labelled.overall().failingNodes()).containsExactly(new Analytics.FailingNode("n2", 1, "e-S3-n2"),
                new Analytics.FailingNode("n3", 1, "x".repeat(256)));
        assertThat(labelled.byCanvasPath()).extracting(Analytics.PathFigures::canvasPath)
                .containsExactly("z/nightly.json");
        // S4 and S9.
        assertThat(completedUnderA.overall().byStatus()).isEqualTo(terminal(2, 0, 0, 0));
        assertThat(completedUnderA.overall().nodesFinished()).isEqualTo(1);
        assertThat(completedUnderA.hourly()).extracting(Analytics.Hour::byStatus)
                .containsExactly(terminal(1, 0, 0, 0), terminal(0, 0, 0, 0), terminal(1, 0, 0, 0));
    }

    @Test
    void analyticsOfAWindowWithoutFinishedSessionsAreZeroAndEmpty() {
        Instant h0 = analyticsFixture();
        Instant since = h0.plus(Duration.ofHours(5)).plusSeconds(90);
        AnalyticsQuery query = new AnalyticsQuery(SessionFilter.ALL, since, since.plus(Duration.ofMinutes(90)));

        Analytics report = store.analytics(query);

        assertThat(report.overall().byStatus()).isEqualTo(terminal(0, 0, 0, 0));
        assertThat(report.overall().successRate()).isNull();
        assertThat(report.overall().sessionDurationMs()).isEqualTo(Analytics.Distribution.NONE);
        assertThat(report.overall().nodeExecutionMs()).isEqualTo(Analytics.Distribution.NONE);
        assertThat(report.overall().nodesPerSecond(query.window())).isZero();
        assertThat(report.overall().failingNodes()).isEmpty();
        assertThat(report.byCanvasPath()).isEmpty();
        // 05:01:30 to 06:31:30 touches the hours of 05:00 and 06:00.
        assertThat(report.hourly()).extracting(Analytics.Hour::start)
                .containsExactly(h0.plus(Duration.ofHours(5)), h0.plus(Duration.ofHours(6)));
    }

    /** More sessions than a store reads at once, 250 of them finished in the same millisecond. */
    @Test
    void analyticsCountEverySessionOfABusyWindow() {
        Instant h0 = t0.truncatedTo(ChronoUnit.HOURS);
        Instant sameMillisecond = h0.plusSeconds(60);
        for (int i = 0; i < 450; i++) {
            Instant finished = i < 250 ? sameMillisecond : h0.plusSeconds(120).plusMillis(i);
            insert(SessionFixture.at(h0).status(SessionStatus.COMPLETED).startedAt(h0).finishedAt(finished).build());
        }

        Analytics report = store.analytics(new AnalyticsQuery(SessionFilter.ALL, h0, h0.plus(Duration.ofHours(1))));

        assertThat(report.overall().byStatus()).isEqualTo(terminal(450, 0, 0, 0));
        // 250 of 60 000 ms, then 200 of 120 250 .. 120 449 ms: p95 at rank 428 is the 178th of those.
        assertThat(report.overall().sessionDurationMs())
                .isEqualTo(new Analytics.Distribution(450, 60_000L, 120_427L, 120_449L));
    }

    @Test
    void aRemovedSessionLeavesTheAnalytics() {
        Instant h0 = analyticsFixture();
        AnalyticsQuery query = new AnalyticsQuery(SessionFilter.ALL, h0, h0.plus(Duration.ofHours(3)));
        Session cancelled = store.list(new SessionFilter(Set.of(SessionStatus.CANCELLED), List.of(), null, null,
                null), null, 10).items().get(0);

        store.remove(cancelled.id(), GoneReason.DELETED, h0, h0.plusSeconds(60));

        Analytics report = store.analytics(query);
        assertThat(report.overall().byStatus()).isEqualTo(terminal(3, 1, 1, 0));
        assertThat(report.byCanvasPath()).extracting(Analytics.PathFigures::canvasPath)
                .containsExactly("z/nightly.json", "a/hourly.json");
    }

    /**
     * Stores a session as the manager would: created running (pending when it never started), then finished in
     * one versioned write with its nodes; each terminal node is then written once more, as a retried report would,
     * which must not count it twice.
     */
    private void finish(String path, SessionStatus status, Instant created, Instant started, Instant finished,
                        Map<String, String> labels, NodeResult... nodes) {
        int completed = 0;
        int failed = 0;
        int running = 0;
        for (NodeResult node : nodes) {
            completed += node.status() == NodeStatus.COMPLETED ? 1 : 0;
            failed += node.status() == NodeStatus.FAILED ? 1 : 0;
            running += node.status() == NodeStatus.RUNNING ? 1 : 0;
        }
        SessionFixture fixture = SessionFixture.at(created).canvasPath(path).labels(labels).startedAt(started)
                .nodeCount(Math.max(1, nodes.length));
        Session open = insert(fixture.status(started == null ? SessionStatus.PENDING : SessionStatus.RUNNING).build());
        Session done = fixture.id(open.id()).status(status).finishedAt(finished).updatedAt(finished)
                .counts(new NodeCounts(completed, failed, running)).version(2).build();
        assertThat(store.updateAll(done, 1, List.of(nodes))).isTrue();
        Session again = fixture.version(3).build();
        assertThat(store.updateAll(again, 2, List.of(nodes))).isTrue();
    }

    private static NodeResult timed(String nodeId, NodeStatus status, Instant finishedAt, long ms, String error) {
        return new NodeResult(nodeId, status, status == NodeStatus.COMPLETED ? "{\"rows\":1}" : null, error,
                finishedAt.minusMillis(ms), finishedAt, finishedAt);
    }

    private static Map<SessionStatus, Long> terminal(long completed, long partial, long failed, long cancelled) {
        Map<SessionStatus, Long> counts = new EnumMap<>(SessionStatus.class);
        counts.put(SessionStatus.COMPLETED, completed);
        counts.put(SessionStatus.PARTIAL_FAILURE, partial);
        counts.put(SessionStatus.FAILED, failed);
        counts.put(SessionStatus.CANCELLED, cancelled);
        return counts;
    }

    /** Exact, or on a bucketing store within its documented bound: exact / 1.125 < reported ≤ exact. */
    private void assertNodeTimes(Analytics.Distribution actual, long count, long p50, long p95, long max) {
        assertThat(actual.count()).isEqualTo(count);
        if (!approximateNodeTimes()) {
            assertThat(actual).isEqualTo(new Analytics.Distribution(count, p50, p95, max));
            return;
        }
        assertThat(List.of(actual.p50(), actual.p95(), actual.max())).zipSatisfy(List.of(p50, p95, max),
                (reported, exact) -> assertThat(reported).isLessThanOrEqualTo(exact)
                        .isGreaterThan((long) Math.floor(exact / 1.125)));
    }

    // ---------------------------------------------------------------- copies

    @Test
    void nothingACallerHoldsCanChangeWhatIsStored() {
        List<String> nodeIds = new ArrayList<>(List.of("a", "b"));
        List<NodeGroup> groups = new ArrayList<>(List.of(new NodeGroup("g", nodeIds)));
        List<NodeResult> initial = new ArrayList<>(List.of(node("a", PENDING, t0), node("b", PENDING, t0)));
        Session session = SessionFixture.at(t0).nodeCount(2).groups(groups).build();
        insert(session, initial);

        nodeIds.add("c");
        groups.add(new NodeGroup("h", List.of("d")));
        initial.add(node("c", PENDING, t0));
        initial.set(0, node("a", FAILED, t0));

        Session stored = store.find(session.id()).orElseThrow();
        assertThat(stored.plan().groups()).containsExactly(new NodeGroup("g", List.of("a", "b")));
        assertThat(store.nodes(session.id(), null, null, 10).items())
                .containsExactly(node("a", PENDING, t0), node("b", PENDING, t0));

        // What comes out cannot be used to write either.
        attemptToMutate(stored.plan().groups(), () -> stored.plan().groups().clear());
        attemptToMutate(stored.history(), () -> stored.history().add(null));
        Page<NodeResult> page = store.nodes(session.id(), null, null, 10);
        attemptToMutate(page.items(), () -> page.items().clear());
        Page<Session> list = store.list(SessionFilter.ALL, null, 10);
        attemptToMutate(list.items(), () -> list.items().clear());

        assertThat(store.find(session.id())).contains(session);
        assertThat(store.nodes(session.id(), null, null, 10).items())
                .containsExactly(node("a", PENDING, t0), node("b", PENDING, t0));
        assertThat(store.list(SessionFilter.ALL, null, 10).items()).containsExactly(session);
    }

    /** A returned collection is read-only (the attempt throws) or detached (the checks after it show that). */
    private static void attemptToMutate(Collection<?> returned, Runnable mutation) {
        Throwable thrown = catchThrowable(mutation::run);
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    // ---------------------------------------------------------------- the manager on this store

    /** A real manager over the store under test, with a hub and meters of its own. */
    protected BatchSessionManager manager(Clock clock, BatchConfig config) {
        return new BatchSessionManager(store, new InProcessEventHub(), clock, config,
                new BatchMeters(new SimpleMeterRegistry()));
    }

    /** One planned report: {@code effective} is true when it must change the session, null when unknown. */
    private record PlannedReport(String nodeId, NodeStatus status, Boolean effective) {
    }

    private record Observed(PlannedReport report, long version, SessionStatus status) {
    }

    private static NodeReport reportOf(PlannedReport planned) {
        return switch (planned.status()) {
            case COMPLETED -> new NodeReport(COMPLETED, "{\"node\":\"" + planned.nodeId() + "\"}", null, null, null);
            case FAILED -> new NodeReport(FAILED, null, planned.nodeId() + " failed", null, null);
            default -> new NodeReport(planned.status(), null, null, null, null);
        };
    }

    // ---------------------------------------------------------------- bulk node reports

    private static List<NodeReportItem> bulkOf(String... nodeIdsAndStatuses) {
        List<NodeReportItem> items = new ArrayList<>();
        for (int i = 0; i < nodeIdsAndStatuses.length; i += 2) {
            NodeStatus status = NodeStatus.valueOf(nodeIdsAndStatuses[i + 1]);
            items.add(new NodeReportItem(nodeIdsAndStatuses[i],
                    reportOf(new PlannedReport(nodeIdsAndStatuses[i], status, true))));
        }
        return items;
    }

    private Session runningSession(BatchSessionManager manager, int nodeCount) {
        UUID id = manager.create(new CreateSession("canvases/bulk.json", nodeCount, null, null, null, "fp"))
                .session().id();
        return manager.transition(id, SessionStatus.RUNNING, "executor started");
    }

    @Test
    void aBulkReportIsOneWriteOfOneVersionStep() {
        BatchSessionManager manager = manager(new MutableClock(), TestBatchConfig.defaults());
        Session running = runningSession(manager, 10);

        Session after = manager.reportNodes(running.id(),
                bulkOf("a", "RUNNING", "a", "COMPLETED", "b", "FAILED", "c", "RUNNING"));

        assertThat(after.version()).isEqualTo(running.version() + 1);
        assertThat(after.counts()).isEqualTo(new NodeCounts(1, 1, 1));
        assertThat(store.find(running.id()).orElseThrow()).isEqualTo(after);
        assertThat(store.findNodes(after, List.of("a", "b", "c", "z"))).as("in one read, unknown left out")
                .containsOnlyKeys("a", "b", "c")
                .hasEntrySatisfying("a", n -> assertThat(n.status()).isEqualTo(COMPLETED));
    }

    @Test
    void aBulkReportIsAllOrNothingAndNamesTheItemItWasRefusedFor() {
        BatchSessionManager manager = manager(new MutableClock(), TestBatchConfig.defaults());
        Session running = runningSession(manager, 10);
        manager.reportNode(running.id(), "a", reportOf(new PlannedReport("a", COMPLETED, true)));
        Session before = store.find(running.id()).orElseThrow();

        Throwable refused = catchThrowable(() -> manager.reportNodes(running.id(),
                bulkOf("b", "COMPLETED", "c", "COMPLETED", "a", "FAILED", "d", "COMPLETED")));

        assertThat(refused).isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.code()).isEqualTo("node-conflict");
            assertThat(e.item()).isEqualTo(2);
            assertThat(e.getMessage()).startsWith("reports[2]: ");
        });
        assertThat(store.find(running.id()).orElseThrow()).as("nothing of the bulk stored").isEqualTo(before);
        assertThat(store.findNodes(before, List.of("b", "c", "d"))).isEmpty();

        Throwable invalid = catchThrowable(() -> manager.reportNodes(running.id(),
                List.of(new NodeReportItem("b", reportOf(new PlannedReport("b", COMPLETED, true))),
                        new NodeReportItem("c", new NodeReport(PENDING, null, null, null, null)))));
        assertThat(invalid).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.field()).isEqualTo("reports[1].status"));
        assertThat(store.find(running.id()).orElseThrow()).isEqualTo(before);
    }

    @Test
    void anIdenticalRetryOfABulkIsANoOp() {
        BatchSessionManager manager = manager(new MutableClock(), TestBatchConfig.defaults());
        Session running = runningSession(manager, 10);
        List<NodeReportItem> bulk = bulkOf("a", "COMPLETED", "b", "FAILED", "c", "COMPLETED");
        Session first = manager.reportNodes(running.id(), bulk);

        Session retried = manager.reportNodes(running.id(), bulk);

        assertThat(retried.version()).isEqualTo(first.version());
        assertThat(retried.counts()).isEqualTo(first.counts());
    }

    @Test
    void aBulkThatReportsTheLastNodesFinishesTheSessionInTheSameWrite() {
        BatchSessionManager manager = manager(new MutableClock(), TestBatchConfig.defaults());
        Session running = runningSession(manager, 3);

        Session finished = manager.reportNodes(running.id(), bulkOf("a", "COMPLETED", "b", "FAILED", "c", "COMPLETED"));

        assertThat(finished.version()).isEqualTo(running.version() + 1);
        assertThat(finished.status()).isEqualTo(SessionStatus.PARTIAL_FAILURE);
        assertThat(finished.history()).last().satisfies(t -> {
            assertThat(t.from()).isEqualTo(SessionStatus.RUNNING);
            assertThat(t.reason()).isEqualTo(BatchSessionManager.ALL_NODES_FINISHED);
        });
        assertThat(store.find(running.id()).orElseThrow().status()).isEqualTo(SessionStatus.PARTIAL_FAILURE);
    }

    @Test
    void concurrentNodeReportsEndWithExactCountersOneTerminalTransitionAndIncreasingVersions() throws Exception {
        int threads = 64;
        int perThread = 100;
        int total = threads * perThread;
        BatchSessionManager manager = manager(new MutableClock(), TestBatchConfig.defaults());
        UUID id = manager.create(new CreateSession("canvases/load.json", total, null, null, null, "fp")).session().id();
        manager.transition(id, SessionStatus.RUNNING, "executor started");

        // Thread t owns nodes [t*100, t*100+100). Every node ends completed or failed; a third first reports
        // running; some owners retry their terminal report; for every tenth node the next thread sends the same
        // terminal report too, so two threads race with identical reports on one node.
        Function<Integer, NodeStatus> outcome = i -> i % 7 == 3 ? FAILED : COMPLETED;
        Function<Integer, String> nodeId = i -> String.format("node-%04d", i);
        List<List<PlannedReport>> plans = new ArrayList<>();
        int runningReports = 0;
        for (int t = 0; t < threads; t++) {
            List<PlannedReport> plan = new ArrayList<>();
            for (int k = 0; k < perThread; k++) {
                int i = t * perThread + k;
                boolean shared = i % 10 == 5;
                if (!shared && i % 3 == 0) {
                    plan.add(new PlannedReport(nodeId.apply(i), RUNNING, true));
                    runningReports++;
                }
                plan.add(new PlannedReport(nodeId.apply(i), outcome.apply(i), shared ? null : true));
                if (i % 11 == 0) {
                    plan.add(new PlannedReport(nodeId.apply(i), outcome.apply(i), false));
                }
                int foreign = ((t + 1) % threads) * perThread + k;
                if (foreign % 10 == 5) {
                    plan.add(new PlannedReport(nodeId.apply(foreign), outcome.apply(foreign), null));
                }
            }
            plans.add(plan);
        }

        List<List<Observed>> observed = runTogether(plans, planned -> {
            Session after = manager.reportNode(id, planned.nodeId(), reportOf(planned));
            return new Observed(planned, after.version(), after.status());
        });

        Session finished = manager.get(id);
        int expectedFailed = (int) java.util.stream.IntStream.range(0, total).filter(i -> outcome.apply(i) == FAILED).count();
        assertThat(finished.status()).isEqualTo(SessionStatus.PARTIAL_FAILURE);
        assertThat(finished.counts()).isEqualTo(new NodeCounts(total - expectedFailed, expectedFailed, 0));
        // Version 1 at create, 2 after running, then one per store write: reports that arrive together are combined
        // into one write, so at most one version per node change, and at least one for all of them.
        assertThat(finished.version()).isBetween(3L, 2L + runningReports + total);
        List<Transition> terminal = finished.history().stream().filter(tr -> tr.to().isTerminal()).toList();
        assertThat(terminal).hasSize(1);
        assertThat(terminal.get(0).from()).isEqualTo(SessionStatus.RUNNING);
        assertThat(terminal.get(0).reason()).isEqualTo(BatchSessionManager.ALL_NODES_FINISHED);
        assertThat(finished.history()).hasSize(2);

        List<NodeResult> nodes = flatten(pages(cursor -> store.nodes(id, null, cursor, 700)));
        assertThat(nodes).hasSize(total);
        assertThat(NodeCounts.of(nodes.stream().map(NodeResult::status).toList())).isEqualTo(finished.counts());
        for (NodeResult node : nodes) {
            int i = Integer.parseInt(node.nodeId().substring("node-".length()));
            assertThat(node.status()).as(node.nodeId()).isEqualTo(outcome.apply(i));
        }

        Set<Long> effectiveVersions = new HashSet<>();
        long effectiveCount = 0;
        long highest = 0;
        for (List<Observed> ofThread : observed) {
            long previous = 0;
            long previousEffective = 0;
            for (Observed o : ofThread) {
                assertThat(o.version()).as("versions one thread sees never go back").isGreaterThanOrEqualTo(previous);
                previous = o.version();
                if (Boolean.TRUE.equals(o.report().effective())) {
                    assertThat(o.version()).as("each write of one thread gets a newer version")
                            .isGreaterThan(previousEffective);
                    previousEffective = o.version();
                    effectiveVersions.add(o.version());
                    effectiveCount++;
                }
                assertThat(o.status()).isIn(SessionStatus.RUNNING, SessionStatus.PARTIAL_FAILURE);
                highest = Math.max(highest, o.version());
            }
        }
        assertThat(effectiveVersions.size()).as("a combined write gives its requests one version")
                .isLessThanOrEqualTo((int) effectiveCount);
        assertThat(effectiveVersions).as("every effective report is in a version the session went through")
                .allSatisfy(v -> assertThat(v).isBetween(3L, finished.version()));
        assertThat(highest).isEqualTo(finished.version());
    }

    /** Runs one plan per thread, all released at once, and waits for them with a bound. */
    private <P, R> List<List<R>> runTogether(List<List<P>> plans, Function<P, R> step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(plans.size());
        try {
            CountDownLatch ready = new CountDownLatch(plans.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<R>>> futures = new ArrayList<>();
            for (List<P> plan : plans) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    List<R> results = new ArrayList<>(plan.size());
                    for (P item : plan) {
                        results.add(step.apply(item));
                    }
                    return results;
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads started").isTrue();
            go.countDown();
            long deadline = System.nanoTime() + concurrencyTimeout().toNanos();
            List<List<R>> results = new ArrayList<>();
            for (Future<List<R>> future : futures) {
                results.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aGroupedSessionFinishesByItselfAndAcceptsAnIdenticalRepeatAfterwards() {
        BatchSessionManager manager = manager(new MutableClock(), TestBatchConfig.defaults());
        Session created = manager.create(new CreateSession("canvases/grouped.json", null,
                List.of(new NodeGroup("g1", List.of("a", "b")), new NodeGroup("g2", List.of("c"))), null, null, "fp"))
                .session();
        UUID id = created.id();
        assertThat(store.nodes(id, PENDING, null, 10).items()).extracting(NodeResult::nodeId)
                .containsExactly("a", "b", "c");
        manager.transition(id, SessionStatus.RUNNING, null);
        manager.reportNode(id, "a", new NodeReport(COMPLETED, "{\"rows\":3}", null, null, null));
        manager.reportNode(id, "b", new NodeReport(FAILED, null, "timeout", null, null));
        manager.reportNode(id, "c", new NodeReport(RUNNING, null, null, null, null));

        Session finished = manager.reportNode(id, "c", new NodeReport(COMPLETED, "[]", null, null, null));

        assertThat(finished.status()).isEqualTo(SessionStatus.PARTIAL_FAILURE);
        assertThat(finished.version()).isEqualTo(6);
        assertThat(store.find(id)).contains(finished);
        assertThat(manager.reportNode(id, "c", new NodeReport(COMPLETED, "[]", null, null, null)).version())
                .isEqualTo(6);
        assertThat(store.nodes(id, null, null, 10).items()).extracting(NodeResult::nodeId, NodeResult::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", COMPLETED),
                        org.assertj.core.groups.Tuple.tuple("b", FAILED),
                        org.assertj.core.groups.Tuple.tuple("c", COMPLETED));
        assertThat(store.findNode(id, "a").orElseThrow().resultJson()).isEqualTo("{\"rows\":3}");
    }

    @Test
    void anIdempotentCreateReturnsTheFirstSession() {
        BatchSessionManager manager = manager(new MutableClock(), TestBatchConfig.defaults());
        CreateSession request = new CreateSession("canvases/a.json", 2, null, null, "retry-me", "fp-1");

        BatchSessionManager.Created first = manager.create(request);
        BatchSessionManager.Created again = manager.create(request);

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.session()).isEqualTo(first.session());
        assertThat(store.count()).isEqualTo(1);
        assertThatThrownBy(() -> manager.create(new CreateSession("canvases/b.json", 2, null, null, "retry-me", "fp-2")))
                .isInstanceOf(UnprocessableException.class);
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void heartbeatExtendsExpiryWithoutANewVersion() {
        MutableClock clock = new MutableClock();
        BatchSessionManager manager = manager(clock, TestBatchConfig.defaults());
        Session created = manager.create(new CreateSession("canvases/a.json", 1, null, null, null, "fp")).session();
        clock.advance(Duration.ofMinutes(10));

        manager.heartbeat(created.id());

        Session after = store.find(created.id()).orElseThrow();
        assertThat(after.version()).isEqualTo(created.version());
        assertThat(after.timeline().updatedAt()).isEqualTo(created.timeline().updatedAt());
        assertThat(after.timeline().expiresAt())
                .isAfterOrEqualTo(created.timeline().expiresAt().plus(Duration.ofMinutes(10)));
        assertThat(after.timeline().lastActivityAt())
                .isAfterOrEqualTo(created.timeline().lastActivityAt().plus(Duration.ofMinutes(10)));
    }

    @Test
    void anExpiredSessionIsGoneBeforeAndAfterItsRemoval() {
        MutableClock clock = new MutableClock();
        BatchSessionManager manager = manager(clock, TestBatchConfig.defaults());
        UUID id = manager.create(new CreateSession("canvases/a.json", 1, null, null, null, "fp")).session().id();
        assertThat(manager.expire(id)).isFalse();

        clock.advance(Duration.ofMinutes(30));

        assertGone(() -> manager.get(id), GoneReason.EXPIRED);
        assertThat(store.find(id)).as("lazy: still stored until removed").isPresent();
        assertThat(manager.expire(id)).isTrue();
        assertThat(manager.expire(id)).isFalse();
        assertThat(store.find(id)).isEmpty();
        assertGone(() -> manager.get(id), GoneReason.EXPIRED);
        assertThat(store.stats(clock.instant(), clock.instant()).totalRemoved()).containsEntry(GoneReason.EXPIRED, 1L);
    }

    @Test
    void aDeletedSessionIsGone() {
        BatchSessionManager manager = manager(new MutableClock(), TestBatchConfig.defaults());
        UUID id = manager.create(new CreateSession("canvases/a.json", 1, null, null, null, "fp")).session().id();

        manager.delete(id);

        assertGone(() -> manager.get(id), GoneReason.DELETED);
        assertGone(() -> manager.delete(id), GoneReason.DELETED);
        assertThat(store.stats(Instant.now(), Instant.now()).totalRemoved()).containsEntry(GoneReason.DELETED, 1L);
    }

    private static void assertGone(Runnable call, GoneReason reason) {
        assertThatThrownBy(call::run).isInstanceOf(SessionGoneException.class)
                .extracting(e -> ((SessionGoneException) e).reason()).isEqualTo(reason);
    }

    // ---------------------------------------------------------------- helpers

    protected Session insert(Session session) {
        return insert(session, List.of());
    }

    protected Session insert(Session session, List<NodeResult> nodes) {
        assertThat(store.insert(session, nodes)).isEqualTo(new SessionStore.InsertResult.Inserted(session));
        return session;
    }

    private static List<NodeResult> sortedByNodeId(List<NodeResult> nodes) {
        // The ids used with this helper are ASCII, where code-point order and String order agree.
        return nodes.stream().sorted(Comparator.comparing(NodeResult::nodeId)).toList();
    }

    /** Follows cursors from the first page to the last, with a bound so a cursor loop fails instead of hanging. */
    private static <T> List<Page<T>> pages(Function<String, Page<T>> fetch) {
        List<Page<T>> pages = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> page = fetch.apply(cursor);
            pages.add(page);
            cursor = page.nextCursor();
            assertThat(pages).as("pages before the last").hasSizeLessThan(10_000);
        } while (cursor != null);
        return pages;
    }

    private static <T> List<T> flatten(List<Page<T>> pages) {
        return pages.stream().flatMap(p -> p.items().stream()).toList();
    }
}
