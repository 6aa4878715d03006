package dev.batchtracker.nativeimage;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No class of the application holds a run-time object in a static field. Quarkus has a native image initialise the
 * application's classes at build time, so a static field's value is built then and frozen into the image heap; an
 * object that belongs to a running process (Netty or Vert.x memory, a connection, a random source, a thread) either
 * stops the build ("found in the image heap ... marked for initialization at image run time", issue 14) or, worse,
 * is shared by every start of the binary. Make it an instance field, or create it on first use.
 * <p>
 * Checked by declared type: the field's type, an array's component type, the element types of a collection, map,
 * Optional or AtomicReference, and, for a type of the application (an enum's constants, a record constant), the
 * types of its instance fields, since those objects are built at build time too. A value hidden behind a wider
 * declared type (Object) is not seen.
 */
class StaticFieldsGuardTest {

    private static final String APPLICATION = "dev.batchtracker.";

    /** Packages whose every type is a run-time object. */
    static final List<String> FORBIDDEN_PACKAGES = List.of("io.netty.");

    /** Types (with every subtype) that must not be built at image build time. */
    static final List<Class<?>> FORBIDDEN_TYPES = List.of(
            // Vert.x: buffers are Netty memory; the rest is the running event loop and its clients.
            io.vertx.core.buffer.Buffer.class,
            io.vertx.mutiny.core.buffer.Buffer.class,
            io.vertx.core.Vertx.class,
            io.vertx.mutiny.core.Vertx.class,
            io.vertx.core.Context.class,
            io.vertx.redis.client.Redis.class,
            io.vertx.redis.client.RedisConnection.class,
            io.vertx.mutiny.redis.client.Redis.class,
            io.vertx.mutiny.redis.client.RedisConnection.class,
            // Random sources: seeded once at build time, every start of the binary would draw the same numbers.
            java.util.Random.class, // with SecureRandom and ThreadLocalRandom
            java.util.SplittableRandom.class,
            java.util.random.RandomGenerator.class,
            // Connections, sockets, pools, threads.
            java.sql.Connection.class,
            javax.sql.DataSource.class,
            java.net.Socket.class,
            java.net.ServerSocket.class,
            java.nio.channels.Channel.class,
            java.net.http.HttpClient.class,
            Thread.class,
            java.util.concurrent.ExecutorService.class);

    /** Holders whose element types count as the field's own. */
    private static final List<Class<?>> HOLDERS =
            List.of(Collection.class, Map.class, Optional.class, AtomicReference.class);

    @Test
    void noApplicationClassHoldsARuntimeObjectInAStaticField() {
        List<String> offenders = new ArrayList<>();
        for (Class<?> type : CompiledApplication.classes()) {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                forbiddenIn(field.getGenericType(), new HashSet<>()).ifPresent(forbidden -> offenders.add(
                        type.getName() + "." + field.getName() + " (" + field.getGenericType().getTypeName()
                                + ": " + forbidden + ")"));
            }
        }
        assertThat(offenders)
                .as("static fields a native image would freeze at build time; make them instance fields or "
                        + "create them on first use")
                .isEmpty();
    }

    @Test
    void theCheckRecognisesEachKindItLooksFor() {
        // The rule itself, on declared types like the ones it must catch (so an empty list above means something).
        assertThat(forbiddenIn(io.vertx.core.buffer.Buffer.class)).isPresent();
        assertThat(forbiddenIn(io.netty.buffer.ByteBuf.class)).isPresent();
        assertThat(forbiddenIn(java.security.SecureRandom.class)).isPresent();
        assertThat(forbiddenIn(io.agroal.api.AgroalDataSource.class)).isPresent();
        assertThat(forbiddenIn(io.vertx.core.buffer.Buffer[].class)).isPresent();
        assertThat(forbiddenIn(fieldType("bufferList"))).isPresent();
        assertThat(forbiddenIn(fieldType("connectionsByName"))).isPresent();
        assertThat(forbiddenIn(FramesByKind.class)).isPresent();
        assertThat(forbiddenIn(String.class)).isEmpty();
        assertThat(forbiddenIn(fieldType("names"))).isEmpty();
        assertThat(forbiddenIn(Plain.class)).isEmpty();
    }

    /** An enum whose constants, built at build time, would each hold a buffer. */
    enum FramesByKind {
        HEARTBEAT;

        @SuppressWarnings("unused")
        private io.vertx.core.buffer.Buffer frame;
    }

    record Plain(String name, List<String> parts, FramesByKindName kind) {
    }

    enum FramesByKindName { HEARTBEAT }

    // Declared only for their generic types.
    @SuppressWarnings("unused")
    private List<io.vertx.core.buffer.Buffer> bufferList;
    @SuppressWarnings("unused")
    private Map<String, ? extends java.sql.Connection> connectionsByName;
    @SuppressWarnings("unused")
    private List<String> names;

    private static Type fieldType(String name) {
        try {
            return StaticFieldsGuardTest.class.getDeclaredField(name).getGenericType();
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    static Optional<String> forbiddenIn(Type type) {
        return forbiddenIn(type, new HashSet<>());
    }

    /** The forbidden type this declared type is or holds, if any; {@code seen}: application types looked into. */
    private static Optional<String> forbiddenIn(Type type, Set<Class<?>> seen) {
        if (type instanceof Class<?> raw) {
            if (raw.isArray()) {
                return forbiddenIn(raw.getComponentType(), seen);
            }
            for (String prefix : FORBIDDEN_PACKAGES) {
                if (raw.getName().startsWith(prefix)) {
                    return Optional.of(prefix + "*");
                }
            }
            Optional<String> found = FORBIDDEN_TYPES.stream().filter(forbidden -> forbidden.isAssignableFrom(raw))
                    .map(Class::getName).findFirst();
            return found.isPresent() ? found : heldBy(raw, seen);
        }
        if (type instanceof GenericArrayType array) {
            return forbiddenIn(array.getGenericComponentType(), seen);
        }
        if (type instanceof WildcardType wildcard) {
            for (Type bound : wildcard.getUpperBounds()) {
                Optional<String> found = forbiddenIn(bound, seen);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Optional<String> found = forbiddenIn(raw, seen);
            if (found.isPresent() || HOLDERS.stream().noneMatch(holder -> holder.isAssignableFrom(raw))) {
                return found;
            }
            for (Type argument : parameterized.getActualTypeArguments()) {
                found = forbiddenIn(argument, seen);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** What an instance of an application type holds in its own fields (and its application superclasses'). */
    private static Optional<String> heldBy(Class<?> type, Set<Class<?>> seen) {
        for (Class<?> c = type; c != null && c.getName().startsWith(APPLICATION); c = c.getSuperclass()) {
            if (!seen.add(c)) {
                return Optional.empty();
            }
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Optional<String> found = forbiddenIn(field.getGenericType(), seen);
                if (found.isPresent()) {
                    return Optional.of(found.get() + " in " + c.getSimpleName() + "." + field.getName());
                }
            }
        }
        return Optional.empty();
    }
}
