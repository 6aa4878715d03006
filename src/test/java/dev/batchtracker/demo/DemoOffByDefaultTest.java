package dev.batchtracker.demo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A service started without batch.demo.enabled runs no simulated executors. */
@QuarkusTest
class DemoOffByDefaultTest {

    @Inject
    DemoExecutor demo;
    @Inject
    DemoConfig config;

    @Test
    void theDemoIsOffUnlessEnabled() {
        assertThat(config.enabled()).isFalse();
        assertThat(demo.isRunning()).isFalse();
    }
}
