package dev.batchtracker.session.api.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProtectedRequestsTest {

    @ParameterizedTest
    @CsvSource({
            "POST, /api/v1/parallel/sessions, true",
            "GET, /api/v1/parallel/sessions, true",
            "GET, /api/v1/parallel/sessions/, true",
            "GET, /api/v1/parallel/sessions/counts, true",
            "GET, /api/v1/parallel/sessions/counts/, true",
            "HEAD, /api/v1/parallel/sessions, true",
            "DELETE, /api/v1/parallel/sessions/abc, true",
            "PUT, /api/v1/parallel/sessions/abc/nodes/n, true",
            "POST, /api/v1/parallel/sessions/abc/heartbeat, true",
            "PATCH, /api/v1/parallel/sessions/abc, true",
            "GET, /api/v1/parallel/metrics, true",
            "GET, /api/v1/parallel/analytics, true",
            "HEAD, /api/v1/parallel/analytics/, true",
            "POST, /api/v1/parallel/cleanup, true",
            "GET, /api/v1/parallel/cleanup, true",
            "GET, /api/v1/parallel/status/abc, false",
            "GET, /api/v1/parallel/sessions/abc/nodes, false",
            "OPTIONS, /api/v1/parallel/sessions, false",
            "GET, /q/health/ready, false",
            "POST, /q/something, false",
            "GET, /, false"})
    void writesListMetricsAndCleanupNeedTheToken(String method, String path, boolean needed) {
        assertThat(ProtectedRequests.needsToken(method, path)).isEqualTo(needed);
    }
}
