package dev.batchtracker.session.api;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint reaches the store, which may block (JDBC): none may run on the event loop, except the hot ones
 * that hand their store calls to {@link StoreDispatch} (a worker thread whenever the store may block; see
 * {@code StoreDispatchTest}). Quarkus REST runs methods with plain return types on worker threads; reactive ones run
 * on the event loop unless marked @Blocking.
 */
class ResourceThreadingTest {

    /** Endpoints that are @NonBlocking because every store call they make goes through StoreDispatch. */
    private static final List<String> DISPATCHED = List.of("SessionsResource.create", "SessionsResource.transition",
            "SessionsResource.progress", "SessionsResource.heartbeat", "NodesResource.report",
            "NodesResource.reportAll", "StatusResource.status");

    private static final List<Class<? extends java.lang.annotation.Annotation>> HTTP_METHODS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class);

    @ParameterizedTest
    @ValueSource(classes = {SessionsResource.class, NodesResource.class, StatusResource.class,
            OperationsResource.class})
    void noEndpointRunsOnTheEventLoop(Class<?> resource) {
        assertThat(resource.isAnnotationPresent(NonBlocking.class)).isFalse();
        List<Method> endpoints = Arrays.stream(resource.getDeclaredMethods())
                .filter(m -> HTTP_METHODS.stream().anyMatch(m::isAnnotationPresent))
                .toList();
        assertThat(endpoints).isNotEmpty();
        for (Method endpoint : endpoints) {
            String name = resource.getSimpleName() + "." + endpoint.getName();
            if (DISPATCHED.contains(name)) {
                assertThat(endpoint.isAnnotationPresent(NonBlocking.class)).as(name).isTrue();
                assertThat(endpoint.getReturnType()).as(name).isEqualTo(Uni.class);
                assertThat(resource.getDeclaredConstructors()[0].getParameterTypes()).as(name)
                        .contains(StoreDispatch.class);
                continue;
            }
            assertThat(endpoint.isAnnotationPresent(NonBlocking.class)).as(name).isFalse();
            if (isReactive(endpoint.getReturnType())) {
                assertThat(endpoint.isAnnotationPresent(Blocking.class)
                        || endpoint.isAnnotationPresent(RunOnVirtualThread.class))
                        .as("%s returns %s and must be @Blocking", endpoint.getName(),
                                endpoint.getReturnType().getSimpleName())
                        .isTrue();
            }
        }
    }

    private static boolean isReactive(Class<?> type) {
        return Uni.class.isAssignableFrom(type) || Multi.class.isAssignableFrom(type)
                || CompletionStage.class.isAssignableFrom(type)
                || org.reactivestreams.Publisher.class.isAssignableFrom(type)
                || java.util.concurrent.Flow.Publisher.class.isAssignableFrom(type);
    }
}
