package dev.batchtracker.session.api;

import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.memory.InMemorySessionStore;
import dev.batchtracker.testing.ForwardingSessionStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Store calls stay on the caller's thread (the event loop) only when the store never blocks. */
class StoreDispatchTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void aStoreThatNeverBlocksIsCalledOnTheCallersThread() {
        StoreDispatch dispatch = new StoreDispatch(new InMemorySessionStore());
        Thread caller = Thread.currentThread();
        Thread ran = dispatch.call(Thread::currentThread).await().atMost(BOUND);
        assertThat(ran).isSameAs(caller);
    }

    @Test
    void aStoreThatMayBlockIsCalledOnAnotherThread() {
        SessionStore mayBlock = new ForwardingSessionStore(new InMemorySessionStore()); // blocking() by default
        assertThat(mayBlock.blocking()).isTrue();
        StoreDispatch dispatch = new StoreDispatch(mayBlock);
        Thread caller = Thread.currentThread();
        Thread ran = dispatch.call(Thread::currentThread).await().atMost(BOUND);
        assertThat(ran).isNotSameAs(caller);
    }

    @Test
    void aFailureReachesTheCallerWhereverTheWorkRan() {
        for (SessionStore store : new SessionStore[]{new InMemorySessionStore(),
                new ForwardingSessionStore(new InMemorySessionStore())}) {
            StoreDispatch dispatch = new StoreDispatch(store);
            assertThatThrownBy(() -> dispatch.call(() -> {
                throw new IllegalStateException("store said no");
            }).await().atMost(BOUND)).isInstanceOf(IllegalStateException.class).hasMessage("store said no");
        }
    }
}
