package dev.batchtracker.demo;

import dev.batchtracker.session.BatchException;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.NodeGroup;
import dev.batchtracker.session.NodeReport;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.SessionStatus;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * One simulated executor: creates its session, then runs the groups one after another, up to
 * {@code parallelism} nodes of a group at a time, each node a delayed task on the shared demo scheduler.
 * <p>
 * All of its methods run on the demo's single scheduler thread, so its fields need no synchronisation.
 */
final class DemoRun {

    private static final Logger LOG = Logger.getLogger(DemoRun.class);

    private static final String[] ERRORS = {
            "TimeoutError: upstream model did not answer within 30 s",
            "ValueError: column 'amount' holds 3 non-numeric values (rows 118, 402, 977)",
            "ConnectionResetError: peer closed the connection during upload",
            "OutOfMemoryError: worker exceeded its 2 GiB limit while decoding page 14",
            "PermissionError: bucket policy denies write to the output prefix"};

    private final DemoScenario scenario;
    private final DemoPlan plan;
    private final BatchSessionManager manager;
    private final DemoConfig config;
    private final ScheduledExecutorService scheduler;
    private final RandomGenerator random;
    private final Runnable onDone;
    private final int total;

    private final Deque<String> queued = new ArrayDeque<>();
    private UUID taskId;
    private int groupIndex = -1;
    private int started;
    private int running;
    private int finished;
    private boolean done;

    DemoRun(DemoScenario scenario, DemoPlan plan, BatchSessionManager manager, DemoConfig config,
            ScheduledExecutorService scheduler, RandomGenerator random, Runnable onDone) {
        this.scenario = scenario;
        this.plan = plan;
        this.manager = manager;
        this.config = config;
        this.scheduler = scheduler;
        this.random = random;
        this.onDone = onDone;
        this.total = plan.nodeCount();
    }

    DemoScenario scenario() {
        return scenario;
    }

    void start() {
        step(() -> {
            taskId = manager.create(new CreateSession(plan.canvasPath(), null, plan.groups(), plan.metadataJson(),
                    null, null)).session().id();
            manager.transition(taskId, SessionStatus.RUNNING, "executor picked the batch up");
            nextGroup();
        });
    }

    private void nextGroup() {
        groupIndex++;
        if (groupIndex >= plan.groups().size()) {
            // The last node report finished the session by itself (completed, partial_failure or failed).
            finish();
            return;
        }
        NodeGroup group = plan.groups().get(groupIndex);
        queued.addAll(group.nodeIds());
        startNodes();
    }

    private void startNodes() {
        while (running < Math.max(1, config.parallelism()) && !queued.isEmpty()) {
            String nodeId = queued.poll();
            int index = started++;
            manager.reportNode(taskId, nodeId, new NodeReport(NodeStatus.RUNNING, null, null, null, null));
            running++;
            scheduler.schedule(() -> step(() -> nodeFinished(nodeId, index)), nodeDuration().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void nodeFinished(String nodeId, int index) {
        if (done) {
            return; // the executor was interrupted while this node was still running
        }
        NodeReport report = scenario.nodeFails(index, config.failureRate(), random)
                ? new NodeReport(NodeStatus.FAILED, null, ERRORS[random.nextInt(ERRORS.length)], null, null)
                : new NodeReport(NodeStatus.COMPLETED, resultJson(nodeId), null, null, null);
        manager.reportNode(taskId, nodeId, report);
        running--;
        finished++;
        if (queued.isEmpty() && running == 0) {
            nextGroup();
        } else {
            startNodes();
        }
        // After starting the next nodes, so an interrupted executor leaves nodes running, as a real one would.
        if (!done && scenario.interruptsAfter(finished, total)) {
            interrupt();
        }
    }

    private void interrupt() {
        scenario.interruptTo().ifPresentOrElse(
                to -> manager.transition(taskId, to, to == SessionStatus.CANCELLED
                        ? "cancelled by operator" : "executor aborted: lost its worker pool"),
                () -> LOG.infof("demo session %s stops reporting while running: it will go stale", taskId));
        finish();
    }

    private String resultJson(String nodeId) {
        int rows = 100 + random.nextInt(9_900);
        return "{\"rows_written\":" + rows + ",\"output\":\"" + nodeId + ".parquet\",\"checksum\":\""
                + Integer.toHexString(random.nextInt()) + "\"}";
    }

    /** Log-uniform between min and max: mostly short nodes with a tail of slow ones, as real batches have. */
    private Duration nodeDuration() {
        long min = Math.max(1, config.nodeDurationMin().toMillis());
        long max = Math.max(min, config.nodeDurationMax().toMillis());
        double log = Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min));
        return Duration.ofMillis(Math.round(Math.exp(log)));
    }

    private void finish() {
        if (!done) {
            done = true;
            onDone.run();
        }
    }

    /** Runs one step; a session deleted or changed under the demo's feet ends this run, never the scheduler. */
    private void step(Runnable action) {
        if (done) {
            return;
        }
        try {
            action.run();
        } catch (BatchException e) {
            LOG.debugf("demo session %s ends early: %s", taskId, e.getMessage());
            finish();
        } catch (RuntimeException e) {
            LOG.warnf(e, "demo session %s failed", taskId);
            finish();
        }
    }
}
