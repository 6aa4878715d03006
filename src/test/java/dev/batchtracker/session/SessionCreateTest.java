package dev.batchtracker.session;

import dev.batchtracker.testing.TestBatchConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.batchtracker.session.ManagerHarness.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Opening a session: node count or groups, limits, idempotency keys and the session cap. */
class SessionCreateTest {

    private final ManagerHarness h = new ManagerHarness();

    @Test
    void aNewSessionIsPendingAtVersionOneWithNothingDone() {
        Session created = h.create(5);

        assertThat(created.status()).isEqualTo(SessionStatus.PENDING);
        assertThat(created.version()).isEqualTo(1L);
        assertThat(created.plan().nodeCount()).isEqualTo(5);
        assertThat(created.counts()).isEqualTo(NodeCounts.NONE);
        assertThat(created.history()).isEmpty();
        assertThat(created.plan().groups()).isEmpty();
        assertThat(created.plan().metadataJson()).isEqualTo("{}");
        assertThat(created.timeline().startedAt()).isNull();
        assertThat(created.timeline().finishedAt()).isNull();
        assertThat(created.timeline().updatedAt()).isEqualTo(created.timeline().createdAt());
        assertThat(created.timeline().expiresAt())
                .isEqualTo(created.timeline().createdAt().plus(h.config.sessionTimeout()));
        assertThat(h.stored(created.id())).isEqualTo(created);
        assertThat(h.nodes(created.id())).as("nodes of a session without groups appear as they report").isEmpty();
        assertThat(h.counter("batch_sessions_created")).isEqualTo(1.0);
    }

    @Test
    void metadataIsKeptAsGiven() {
        Session created = h.manager.create(new CreateSession("c.json", 1, null, "{\"owner\":\"ops\"}", null, "fp"))
                .session();

        assertThat(created.plan().metadataJson()).isEqualTo("{\"owner\":\"ops\"}");
    }

    @Test
    void theNodeSetOfAGroupedSessionIsTheUnionOfItsGroupsAndDefinesNodeCount() {
        Session created = h.createGrouped(group("g1", "a", "b"), group("g2", "c", "a"), group("g3"));

        assertThat(created.plan().nodeCount()).isEqualTo(3);
        assertThat(created.plan().groups()).extracting(NodeGroup::groupId).containsExactly("g1", "g2", "g3");
        assertThat(h.nodes(created.id())).extracting(NodeResult::nodeId).containsExactly("a", "b", "c");
        assertThat(h.nodes(created.id())).extracting(NodeResult::status).containsOnly(NodeStatus.PENDING);
        assertThat(created.counts().pending(created.plan().nodeCount())).isEqualTo(3);
    }

    @Test
    void aNodeCountGivenWithGroupsMustMatchThem() {
        List<NodeGroup> groups = List.of(group("g1", "a", "b"), group("g2", "b", "c"));

        Session matching = h.manager.create(new CreateSession("c.json", 3, groups, null, null, "fp")).session();
        InvalidRequestException mismatch = catchThrowableOfType(
                () -> h.manager.create(new CreateSession("c.json", 4, groups, null, null, "fp")),
                InvalidRequestException.class);

        assertThat(matching.plan().nodeCount()).isEqualTo(3);
        assertThat(mismatch).isNotNull();
        assertThat(mismatch.field()).isEqualTo("node_count");
        assertThat(h.store.count()).isEqualTo(1);
    }

    @Test
    void aGroupIdMayAppearOnlyOnce() {
        InvalidRequestException e = catchThrowableOfType(
                () -> h.createGrouped(group("g1", "a"), group("g1", "b")), InvalidRequestException.class);

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("groups");
        assertThat(h.store.count()).isZero();
    }

    @Test
    void nodeCountIsRequiredWithoutGroups() {
        InvalidRequestException e = catchThrowableOfType(
                () -> h.manager.create(new CreateSession("c.json", null, List.of(), null, null, "fp")),
                InvalidRequestException.class);

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("node_count");
    }

    @Test
    void nodeCountRangesFromZeroToMaxNodes() {
        ManagerHarness small = new ManagerHarness(TestBatchConfig.defaults().withMaxNodes(10));

        assertThat(small.create(0).plan().nodeCount()).isZero();
        assertThat(small.create(10).plan().nodeCount()).isEqualTo(10);
        for (int outside : new int[] {-1, 11, Integer.MAX_VALUE}) {
            InvalidRequestException e = catchThrowableOfType(() -> small.create(outside), InvalidRequestException.class);
            assertThat(e).as("node_count %d", outside).isNotNull();
            assertThat(e.field()).isEqualTo("node_count");
        }
        assertThat(small.store.count()).isEqualTo(2);
    }

    @Test
    void groupsMayNameAtMostMaxNodesDistinctNodes() {
        ManagerHarness small = new ManagerHarness(TestBatchConfig.defaults().withMaxNodes(3));

        assertThat(small.createGrouped(group("g1", "a", "b"), group("g2", "b", "c")).plan().nodeCount()).isEqualTo(3);
        InvalidRequestException e = catchThrowableOfType(
                () -> small.createGrouped(group("g1", "a", "b"), group("g2", "c", "d")), InvalidRequestException.class);

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("groups");
    }

    // ---------------------------------------------------------------- idempotency keys

    @Test
    void aRetriedCreateWithTheSameKeyReturnsTheFirstSession() {
        CreateSession request = new CreateSession("c.json", 2, null, null, "key-1", "fp-1");

        BatchSessionManager.Created first = h.manager.create(request);
        BatchSessionManager.Created again = h.manager.create(request);

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.session().id()).isEqualTo(first.session().id());
        assertThat(again.session()).isEqualTo(first.session());
        assertThat(h.store.count()).isEqualTo(1);
        assertThat(h.counter("batch_sessions_created")).as("a replay creates nothing").isEqualTo(1.0);
    }

    @Test
    void aKeyReusedForADifferentRequestIsUnprocessable() {
        Session first = h.manager.create(new CreateSession("c.json", 2, null, null, "key-1", "fp-1")).session();

        UnprocessableException e = catchThrowableOfType(
                () -> h.manager.create(new CreateSession("other.json", 2, null, null, "key-1", "fp-2")),
                UnprocessableException.class);

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo("idempotency-key-reused");
        assertThat(h.store.count()).isEqualTo(1);
        assertThat(h.stored(first.id())).isEqualTo(first);
    }

    @Test
    void differentKeysMakeDifferentSessions() {
        Session a = h.manager.create(new CreateSession("c.json", 2, null, null, "key-1", "fp")).session();
        Session b = h.manager.create(new CreateSession("c.json", 2, null, null, "key-2", "fp")).session();

        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(h.store.count()).isEqualTo(2);
    }

    @Test
    void theSameRequestAfterItsSessionExpiredMakesANewSession() {
        CreateSession request = new CreateSession("c.json", 2, null, null, "key-1", "fp-1");
        Session first = h.manager.create(request).session();
        h.clock.advance(h.config.sessionTimeout());

        BatchSessionManager.Created again = h.manager.create(request);

        assertThat(again.replayed()).isFalse();
        assertThat(again.session().id()).isNotEqualTo(first.id());
        assertThat(h.store.findTombstone(first.id())).hasValueSatisfying(
                t -> assertThat(t.reason()).isEqualTo(GoneReason.EXPIRED));
    }

    @Test
    void anExpiredSessionGivesUpItsKeyAtOnceEvenBeforeCleanupRemovesIt() {
        Session first = h.manager.create(new CreateSession("c.json", 2, null, null, "key-1", "fp-1")).session();
        h.clock.advance(h.config.sessionTimeout());
        assertThat(h.store.find(first.id())).as("not cleaned up yet").isPresent();

        BatchSessionManager.Created other = h.manager.create(new CreateSession("d.json", 1, null, null, "key-1", "fp-2"));

        assertThat(other.replayed()).isFalse();
        assertThat(other.session().plan().canvasPath()).isEqualTo("d.json");
        assertThat(h.store.find(first.id())).as("removed as expired, with its tombstone").isEmpty();
        assertThat(h.store.findTombstone(first.id())).hasValueSatisfying(
                t -> assertThat(t.reason()).isEqualTo(GoneReason.EXPIRED));
    }

    // ---------------------------------------------------------------- capacity

    @Test
    void pastMaxSessionsACreateIsRefusedUntilOneIsRemoved() {
        ManagerHarness capped = new ManagerHarness(TestBatchConfig.defaults().withMaxSessions(2));
        Session first = capped.create(1);
        capped.create(1);

        assertThat(catchThrowableOfType(() -> capped.create(1), CapacityExceededException.class)).isNotNull();
        assertThat(capped.store.count()).isEqualTo(2);

        capped.manager.delete(first.id());
        assertThat(capped.create(1).status()).isEqualTo(SessionStatus.PENDING);
    }

    @Test
    void expiredSessionsAwaitingCleanupStillTakeTheirPlace() {
        ManagerHarness capped = new ManagerHarness(TestBatchConfig.defaults().withMaxSessions(1));
        Session first = capped.create(1);
        capped.clock.advance(Duration.ofHours(1));

        assertThat(catchThrowableOfType(() -> capped.create(1), CapacityExceededException.class)).isNotNull();

        assertThat(capped.manager.expire(first.id())).isTrue();
        assertThat(capped.create(1).status()).isEqualTo(SessionStatus.PENDING);
    }
}
