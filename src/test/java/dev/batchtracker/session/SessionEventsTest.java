package dev.batchtracker.session;

import dev.batchtracker.session.events.SessionEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.batchtracker.session.NodeStatus.COMPLETED;
import static dev.batchtracker.session.NodeStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** What the manager tells the hub: one Changed per versioned write, carrying that version; Gone on removal. */
class SessionEventsTest {

    private final ManagerHarness h = new ManagerHarness();

    @Test
    void everyVersionedWritePublishesTheSessionItWrote() {
        Session created = h.create(2);
        h.hub.clear();

        Session running = h.start(created);
        Session nodeRunning = h.report(created.id(), "a", RUNNING);
        Session progressed = h.manager.reportProgress(created.id(), 20);
        Session nodeDone = h.report(created.id(), "a", COMPLETED);
        Session finished = h.report(created.id(), "b", COMPLETED);

        assertThat(h.hub.published()).containsExactly(
                new SessionEvent.Changed(running),
                new SessionEvent.Changed(nodeRunning),
                new SessionEvent.Changed(progressed),
                new SessionEvent.Changed(nodeDone),
                new SessionEvent.Changed(finished));
        assertThat(h.hub.published()).extracting(e -> ((SessionEvent.Changed) e).session().version())
                .containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(finished.status()).as("the automatic finish rides on the last node's event")
                .isEqualTo(SessionStatus.COMPLETED);
    }

    @Test
    void noOpsRejectionsAndHeartbeatsPublishNothing() {
        Session running = h.running(2);
        h.report(running.id(), "a", COMPLETED);
        h.manager.reportProgress(running.id(), 60);
        h.hub.clear();

        h.report(running.id(), "a", COMPLETED);
        h.report(running.id(), "a", RUNNING);
        h.manager.reportProgress(running.id(), 60);
        h.manager.transition(running.id(), SessionStatus.RUNNING, null);
        h.manager.heartbeat(running.id());
        List<Runnable> rejected = List.of(
                () -> h.report(running.id(), "a", NodeStatus.FAILED),
                () -> h.manager.reportProgress(running.id(), 10),
                () -> h.manager.transition(running.id(), SessionStatus.PENDING, null),
                () -> h.manager.reportProgress(running.id(), Double.NaN));
        for (Runnable call : rejected) {
            assertThat(catchThrowable(call::run)).isInstanceOf(BatchException.class);
        }

        assertThat(h.hub.published()).isEmpty();
    }

    @Test
    void aDeleteTellsSubscribersTheSessionIsGone() {
        Session created = h.create(1);
        h.hub.clear();

        h.manager.delete(created.id());

        assertThat(h.hub.published()).containsExactly(new SessionEvent.Gone(created.id(), GoneReason.DELETED));
    }

    @Test
    void anExpiryTellsSubscribersOnceAndOnlyWhenItRemovedTheSession() {
        Session created = h.create(1);
        h.hub.clear();
        h.manager.expire(created.id());
        assertThat(h.hub.published()).isEmpty();

        h.clock.advance(Duration.ofMinutes(30));
        h.manager.expire(created.id());
        h.manager.expire(created.id());

        assertThat(h.hub.published()).containsExactly(new SessionEvent.Gone(created.id(), GoneReason.EXPIRED));
    }
}
