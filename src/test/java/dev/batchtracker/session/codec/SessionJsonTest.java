package dev.batchtracker.session.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.batchtracker.session.NodeCounts;
import dev.batchtracker.session.NodeGroup;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.Transition;
import dev.batchtracker.session.store.SessionFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stored session form is read back by other instances and from Redis, so it must not move when the record
 * does. The literals below are what the version with the flat 20-component record wrote.
 */
class SessionJsonTest {

    private static final UUID ID = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");

    /** A running session of two groups with every field set (finishedAt aside), as the previous version wrote it. */
    private static final String RUNNING_JSON = "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\","
            + "\"canvasPath\":\"canvases/etl.json\",\"status\":\"RUNNING\",\"nodeCount\":3,"
            + "\"groups\":[{\"groupId\":\"g1\",\"nodeIds\":[\"a\",\"b\"]},{\"groupId\":\"g2\",\"nodeIds\":[\"c\"]}],"
            + "\"metadataJson\":\"{\\\"owner\\\":\\\"etl\\\"}\",\"counts\":{\"completed\":1,\"failed\":0,\"running\":1},"
            + "\"reportedProgress\":12.5,\"createdAt\":\"2030-01-02T03:04:05.123456Z\","
            + "\"updatedAt\":\"2030-01-02T03:05:00Z\",\"lastActivityAt\":\"2030-01-02T03:05:01.500Z\","
            + "\"startedAt\":\"2030-01-02T03:04:30Z\",\"finishedAt\":null,"
            + "\"lastNodeFinishedAt\":\"2030-01-02T03:04:59.999Z\",\"expiresAt\":\"2030-01-02T03:35:01.500Z\","
            + "\"version\":4,\"reason\":\"go\","
            + "\"history\":[{\"from\":\"PENDING\",\"to\":\"RUNNING\",\"at\":\"2030-01-02T03:04:30Z\",\"reason\":\"go\"}],"
            + "\"idempotencyKey\":\"run-a\",\"requestFingerprint\":\"f00d\"}";

    /** A fresh pending session without groups, metadata or key, as the previous version wrote it. */
    private static final String PENDING_JSON = "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\","
            + "\"canvasPath\":\"canvases/nightly.json\",\"status\":\"PENDING\",\"nodeCount\":3,\"groups\":[],"
            + "\"metadataJson\":\"{}\",\"counts\":{\"completed\":0,\"failed\":0,\"running\":0},"
            + "\"reportedProgress\":0.0,\"createdAt\":\"2030-01-02T03:04:05Z\",\"updatedAt\":\"2030-01-02T03:04:05Z\","
            + "\"lastActivityAt\":\"2030-01-02T03:04:05Z\",\"startedAt\":null,\"finishedAt\":null,"
            + "\"lastNodeFinishedAt\":null,\"expiresAt\":\"2030-01-02T03:34:05Z\",\"version\":1,\"reason\":null,"
            + "\"history\":[],\"idempotencyKey\":null,\"requestFingerprint\":null}";

    private static Session running() {
        return SessionFixture.at(Instant.parse("2030-01-02T03:04:05.123456Z"))
                .id(ID)
                .canvasPath("canvases/etl.json")
                .status(SessionStatus.RUNNING)
                .nodeCount(3)
                .groups(List.of(new NodeGroup("g1", List.of("a", "b")), new NodeGroup("g2", List.of("c"))))
                .metadataJson("{\"owner\":\"etl\"}")
                .counts(new NodeCounts(1, 0, 1))
                .reportedProgress(12.5)
                .updatedAt(Instant.parse("2030-01-02T03:05:00Z"))
                .lastActivityAt(Instant.parse("2030-01-02T03:05:01.5Z"))
                .startedAt(Instant.parse("2030-01-02T03:04:30Z"))
                .lastNodeFinishedAt(Instant.parse("2030-01-02T03:04:59.999Z"))
                .expiresAt(Instant.parse("2030-01-02T03:35:01.5Z"))
                .version(4)
                .reason("go")
                .history(List.of(new Transition(SessionStatus.PENDING, SessionStatus.RUNNING,
                        Instant.parse("2030-01-02T03:04:30Z"), "go")))
                .idempotencyKey("run-a")
                .requestFingerprint("f00d")
                .build();
    }

    private static Session pending() {
        return SessionFixture.at(Instant.parse("2030-01-02T03:04:05Z")).id(ID).build();
    }

    @Test
    void a_session_the_previous_version_stored_reads_back_field_for_field() {
        assertThat(SessionJson.readSession(RUNNING_JSON)).isEqualTo(running());
        assertThat(SessionJson.readSession(PENDING_JSON)).isEqualTo(pending());
    }

    @Test
    void a_session_is_written_exactly_as_the_previous_version_wrote_it() {
        assertThat(SessionJson.writeSession(running())).isEqualTo(RUNNING_JSON);
        assertThat(SessionJson.writeSession(pending())).isEqualTo(PENDING_JSON);
    }

    @Test
    void a_finished_session_round_trips() {
        Session finished = running().transitionTo(SessionStatus.COMPLETED, null, Instant.parse("2030-01-02T03:06:00Z"));

        String json = SessionJson.writeSession(finished);

        assertThat(json).contains("\"finishedAt\":\"2030-01-02T03:06:00Z\"", "\"reason\":null");
        assertThat(SessionJson.readSession(json)).isEqualTo(finished);
    }

    /** The shared event hub sends a session inside its message: it takes the same flat form there. */
    @Test
    void a_session_inside_another_value_takes_the_flat_form() throws JsonProcessingException {
        String json = SessionJson.mapper().writeValueAsString(new Envelope("changed", running()));

        assertThat(json).isEqualTo("{\"kind\":\"changed\",\"session\":" + RUNNING_JSON + "}");
        assertThat(SessionJson.mapper().readValue(json, Envelope.class)).isEqualTo(new Envelope("changed", running()));
    }

    @Test
    void fields_are_read_by_name_in_any_order_and_unknown_ones_are_skipped() {
        String reordered = "{\"requestFingerprint\":null,\"future\":{\"nested\":[1,2]},"
                + PENDING_JSON.substring(1).replace(",\"requestFingerprint\":null", "");

        assertThat(SessionJson.readSession(reordered)).isEqualTo(pending());
    }

    @Test
    void a_stored_session_without_its_times_is_refused_with_a_reason() {
        String withoutExpiry = PENDING_JSON.replace("\"expiresAt\":\"2030-01-02T03:34:05Z\",", "");

        assertThatThrownBy(() -> SessionJson.readSession(withoutExpiry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expiresAt");
    }

    record Envelope(String kind, Session session) {
    }
}
