package dev.batchtracker.session.store.memory;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeSequenceTest {

    private final ChangeSequence sequence = new ChangeSequence();

    @Test
    void theHorizonStaysBelowAWriteInFlightOnAnotherThreadUntilItEnds() throws Exception {
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Long> slow = CompletableFuture.supplyAsync(() -> {
            long seq = sequence.begin();
            begun.countDown();
            try {
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                sequence.end();
            }
            return seq;
        });
        assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();

        long later = sequence.begin();
        sequence.end();

        assertThat(later).isEqualTo(2);
        assertThat(sequence.horizon()).isZero();
        release.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(sequence.horizon()).isEqualTo(2);
    }

    @Test
    void endingWithoutABeginIsHarmless() {
        sequence.end();
        assertThat(sequence.begin()).isEqualTo(1);
        sequence.end();
        assertThat(sequence.horizon()).isEqualTo(1);
    }
}
