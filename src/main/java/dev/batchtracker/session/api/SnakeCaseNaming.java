package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Makes {@code quarkus.jackson.property-naming-strategy=SNAKE_CASE} work in a native image. Quarkus resolves the
 * name to {@link PropertyNamingStrategies.SnakeCaseStrategy} at build time, but creates it by name
 * ({@code Class.forName}, then its constructor) when it builds the ObjectMapper; a native image only has what was
 * registered for that.
 * <p>
 * Registered rather than naming every wire field with {@code @JsonProperty}: the one configuration line stays the
 * only place the wire naming is decided, so a field added later cannot come out in camelCase because it missed an
 * annotation. {@code ReflectionByNameGuardTest} fails if the configured strategy changes and this does not.
 */
@RegisterForReflection(targets = PropertyNamingStrategies.SnakeCaseStrategy.class)
final class SnakeCaseNaming {

    private SnakeCaseNaming() {
    }
}
