package dev.batchtracker.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Page;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionFilter;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The demo, paced for a test: its first wave ends in every terminal status and leaves one session to go stale. */
@QuarkusTest
@TestProfile(DemoExecutorTest.FastDemo.class)
class DemoExecutorTest {

    public static class FastDemo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "batch.demo.enabled", "true",
                    "batch.demo.session-interval", "100ms",
                    "batch.demo.node-duration-min", "2ms",
                    "batch.demo.node-duration-max", "30ms",
                    "batch.demo.max-active", "2");
        }
    }

    private static final Duration BOUND = Duration.ofSeconds(30);

    @Inject
    BatchSessionManager manager;
    @Inject
    BatchConfig config;
    @Inject
    MutableClock clock;
    @Inject
    DemoExecutor demo;
    @Inject
    ObjectMapper json;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void firstWaveEndsInEveryTerminalStatusAndLeavesOneSessionRunningSilent() {
        assertThat(demo.isRunning()).isTrue();
        Map<String, Session> scripted = await().atMost(BOUND)
                .until(this::scriptedSessions, this::firstWaveSettled);

        Session clean = scripted.get("clean");
        assertThat(clean.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(clean.counts().failed()).isZero();
        assertThat(clean.plan().groups()).hasSizeGreaterThanOrEqualTo(2);

        Session flaky = scripted.get("flaky");
        assertThat(flaky.status()).isEqualTo(SessionStatus.PARTIAL_FAILURE);
        List<NodeResult> failedNodes = manager.nodes(flaky.id(), NodeStatus.FAILED, null, 100).items();
        assertThat(failedNodes).isNotEmpty().allSatisfy(node -> assertThat(node.error()).isNotBlank());
        assertThat(manager.nodes(flaky.id(), NodeStatus.COMPLETED, null, 1).items())
                .allSatisfy(node -> assertThat(node.resultJson()).contains("rows_written"));

        Session aborted = scripted.get("aborted");
        assertThat(aborted.status()).isEqualTo(SessionStatus.FAILED);
        assertThat(aborted.reason()).contains("aborted");
        assertThat(aborted.counts().finished()).isLessThan(aborted.plan().nodeCount());

        Session cancelled = scripted.get("cancelled");
        assertThat(cancelled.status()).isEqualTo(SessionStatus.CANCELLED);
        assertThat(cancelled.counts().finished()).isLessThan(cancelled.plan().nodeCount());

        Session stalled = scripted.get("stalled");
        assertThat(stalled.status()).isEqualTo(SessionStatus.RUNNING);
        assertThat(stalled.counts().running()).isPositive();
        assertThat(manager.figures(stalled).stale()).isFalse();

        // Organic sessions keep coming and finish on their own while the stalled one hears nothing.
        long createdAfter = stalled.timeline().updatedAt().toEpochMilli();
        List<Session> organic = await().atMost(BOUND).until(
                () -> sessionsOf("organic").stream()
                        .filter(s -> s.status().isTerminal() && s.timeline().createdAt().toEpochMilli() > createdAfter)
                        .toList(),
                finished -> finished.size() >= 2);
        assertThat(organic).extracting(Session::status)
                .allMatch(EnumSet.of(SessionStatus.COMPLETED, SessionStatus.PARTIAL_FAILURE, SessionStatus.FAILED)::contains);
        Session stillStalled = manager.get(stalled.id());
        assertThat(stillStalled.version()).isEqualTo(stalled.version());

        clock.advance(config.staleAfter());
        assertThat(manager.figures(manager.get(stalled.id())).stale()).isTrue();
    }

    private boolean firstWaveSettled(Map<String, Session> scripted) {
        Set<String> expected = DemoExecutor.FIRST_WAVE.stream().map(DemoScenario::label).collect(Collectors.toSet());
        if (!scripted.keySet().containsAll(expected)) {
            return false;
        }
        Session stalled = scripted.get("stalled");
        boolean stalledSettled = stalled.status() != SessionStatus.RUNNING
                || stalled.counts().finished() >= Math.max(1, stalled.plan().nodeCount() / 2);
        return stalledSettled && scripted.entrySet().stream()
                .filter(e -> !e.getKey().equals("stalled"))
                .allMatch(e -> e.getValue().status().isTerminal());
    }

    private Map<String, Session> scriptedSessions() {
        return allSessions().stream()
                .filter(s -> !scenarioOf(s).equals("organic"))
                .collect(Collectors.toMap(this::scenarioOf, s -> s, (a, b) -> a));
    }

    private List<Session> sessionsOf(String scenario) {
        return allSessions().stream().filter(s -> scenarioOf(s).equals(scenario)).toList();
    }

    private List<Session> allSessions() {
        List<Session> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<Session> page = manager.list(SessionFilter.ALL, cursor, 100);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    private String scenarioOf(Session session) {
        try {
            JsonNode metadata = json.readTree(session.plan().metadataJson());
            assertThat(metadata.path("demo").asBoolean()).as("every session here comes from the demo").isTrue();
            return metadata.path("scenario").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
