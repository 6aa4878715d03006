package dev.batchtracker.session.api.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.session.CapacityExceededException;
import dev.batchtracker.session.ConcurrentUpdateException;
import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.IllegalTransitionException;
import dev.batchtracker.session.SessionGoneException;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.StoreUnavailableException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The failures no HTTP test can provoke on demand (store outages, lost version races) read right too. */
class ProblemsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void lostVersionRacesAre503WithAShortRetryAfter() {
        Response response = Problems.contention(new ConcurrentUpdateException("too many writers")).toResponse(mapper);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat(response.getEntity().toString()).contains("\"code\":\"concurrent-update\"");
    }

    @Test
    void anUnreachableStoreIs503AndHidesTheCause() {
        StoreUnavailableException e = new StoreUnavailableException(
                "connection to jdbc:postgresql://db.internal:5432/batch refused", new java.io.IOException("refused"));

        Response response = Problems.storeUnavailable(e).toResponse(mapper);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(response.getEntity().toString()).doesNotContain("jdbc", "db.internal", "refused");
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        Response response = Problems.capacity(new CapacityExceededException("full"), Duration.ofMillis(200))
                .toResponse(mapper);

        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
    }

    @Test
    void anIllegalTransitionNamesWhereTheSessionStandsAndWhereItMayGo() {
        Problem problem = Problems.illegalTransition(
                new IllegalTransitionException(UUID.randomUUID(), SessionStatus.RUNNING, SessionStatus.PENDING));

        assertThat(problem.status()).isEqualTo(409);
        assertThat(problem.body()).containsEntry("current_status", "running")
                .containsEntry("requested_status", "pending")
                .containsEntry("allowed_transitions", List.of("cancelled", "completed", "failed", "partial_failure"));
    }

    @Test
    void goneCarriesItsReason() {
        UUID id = UUID.randomUUID();
        assertThat(Problems.gone(new SessionGoneException(id, GoneReason.EXPIRED)).body())
                .containsEntry("reason", "expired").containsEntry("task_id", id.toString());
        assertThat(Problems.gone(new SessionGoneException(id, GoneReason.DELETED)).body())
                .containsEntry("reason", "deleted");
    }
}
