package dev.batchtracker.nativeimage;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every class that is reached by name at run time is registered for reflection, because a native image only
 * knows the classes it was told of: {@code Class.forName} on any other fails there, and only there
 * (issue 14: {@code ClassNotFoundException: PropertyNamingStrategies$SnakeCaseStrategy}).
 * <p>
 * Three ways a name turns into a class at run time are checked: a configuration value that names a class (the Jackson
 * naming strategy, which Quarkus resolves from a constant name such as {@code SNAKE_CASE}, or any value that is a
 * class name); a provider in META-INF/services; and a {@code Class.forName}, {@code ClassLoader.loadClass},
 * {@code ServiceLoader.load} or {@code DriverManager} look-up in the application's own code.
 */
class ReflectionByNameGuardTest {

    static final String NAMING_STRATEGY = "quarkus.jackson.property-naming-strategy";

    /**
     * Service types whose providers Quarkus finds in META-INF/services at build time and registers itself
     * (ConfigGenerationBuildStep builds config source factories into the generated configuration and registers
     * them for reflection), so a provider of these needs nothing from us.
     */
    static final Set<String> SERVICES_QUARKUS_REGISTERS = Set.of("io.smallrye.config.ConfigSourceFactory");

    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_]*(?:\\$[A-Za-z0-9_]+)*\\b");

    private static final Set<String> LOOKUPS_BY_NAME = Set.of(
            "java/lang/Class.forName", "java/lang/ClassLoader.loadClass", "java/util/ServiceLoader.load",
            "java/util/ServiceLoader.loadInstalled",
            // DriverManager finds drivers through ServiceLoader or their registration at class initialisation.
            "java/sql/DriverManager.getConnection", "java/sql/DriverManager.getDriver",
            "java/sql/DriverManager.drivers", "java/sql/DriverManager.getDrivers");

    @Test
    void everyClassNamedInConfigurationIsRegisteredForReflection() {
        Set<String> registered = CompiledApplication.registeredForReflection();
        List<String> named = classesNamedInConfiguration();
        assertThat(named).allSatisfy(name -> assertThat(registered)
                .as("%s is named in application.properties and loaded by name at run time: register it with "
                        + "@RegisterForReflection(targets = ...)", name)
                .contains(name));
    }

    @Test
    void theNamingStrategyIsResolvedAsQuarkusResolvesIt() {
        // A constant of PropertyNamingStrategies names the class of its value; anything else is a class name.
        assertThat(strategyClass("SNAKE_CASE")).isEqualTo(PropertyNamingStrategies.SnakeCaseStrategy.class.getName());
        assertThat(strategyClass("KEBAB_CASE")).isEqualTo(PropertyNamingStrategies.KebabCaseStrategy.class.getName());
        assertThat(strategyClass("com.example.MyStrategy")).isEqualTo("com.example.MyStrategy");
    }

    @Test
    void everyServiceProviderIsRegisteredOrRegisteredByQuarkus() {
        Set<String> registered = CompiledApplication.registeredForReflection();
        CompiledApplication.serviceFiles().forEach((service, providers) -> {
            if (!SERVICES_QUARKUS_REGISTERS.contains(service)) {
                assertThat(registered)
                        .as("providers of %s are loaded by ServiceLoader at run time: register them for reflection",
                                service)
                        .containsAll(providers);
            }
        });
    }

    @Test
    void theApplicationLooksUpNoClassByName() {
        assertThat(CompiledApplication.callersOf(LOOKUPS_BY_NAME))
                .as("classes that look classes up by name at run time: use the class directly, or register what "
                        + "they look up for reflection and allow it here")
                .isEmpty();
    }

    /** Every class a configuration value of the native build names (test and dev profiles do not reach it). */
    static List<String> classesNamedInConfiguration() {
        List<String> named = new ArrayList<>();
        for (Map.Entry<String, List<String>> line : CompiledApplication.propertyLines().entrySet()) {
            String key = line.getKey();
            if (key.startsWith("%") && !key.startsWith("%prod.")) {
                continue;
            }
            for (String value : line.getValue()) {
                if (key.endsWith(NAMING_STRATEGY)) {
                    named.add(strategyClass(value.strip()));
                    continue;
                }
                Matcher matcher = CLASS_NAME.matcher(value);
                while (matcher.find()) {
                    if (isClass(matcher.group())) {
                        named.add(matcher.group());
                    }
                }
            }
        }
        return List.copyOf(new TreeSet<>(named));
    }

    /** The class Quarkus's Jackson extension loads for this naming strategy value. */
    static String strategyClass(String value) {
        Optional<Field> constant = java.util.Arrays.stream(PropertyNamingStrategies.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getName().equals(value)).findFirst();
        if (constant.isEmpty()) {
            return value;
        }
        try {
            return constant.get().get(null).getClass().getName();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean isClass(String name) {
        try {
            Class.forName(name, false, ReflectionByNameGuardTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
