package dev.batchtracker.nativeimage;

import io.quarkus.util.GlobUtil;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every classpath resource the code reads at run time is in a native image: a native image holds only the
 * resources {@code quarkus.native.resources.includes} lists (beside what extensions add: META-INF/resources, Flyway's
 * scripts), and a missing one shows only when the binary runs ("schema script missing from the build", issue 14).
 * <p>
 * The classes that read resources are found in the bytecode (calls to getResource, getResourceAsStream and
 * getResources of Class, ClassLoader or Module); each must be in {@link #LOADERS}, which names the constant that
 * holds what it reads, and no other resource name may stand in its bytecode (a path with a file name, such as
 * {@code db/sqlite/V1__sessions.sql}; a name put together at run time is not seen). The patterns are read as Quarkus
 * reads them: one value, split at commas, each a glob turned
 * into a regular expression by Quarkus's own {@link GlobUtil}.
 */
class NativeResourcesGuardTest {

    static final String INCLUDES = "quarkus.native.resources.includes";
    static final String EXCLUDES = "quarkus.native.resources.excludes";

    /** Class that reads classpath resources → its static field naming them (a String or a collection of them). */
    static final Map<String, String> LOADERS = Map.of(
            "dev.batchtracker.session.api.ContractResource", "FILES",
            "dev.batchtracker.session.api.SwaggerUiResource", "PAGE",
            "dev.batchtracker.session.store.sqlite.SqliteSchema", "SCRIPTS");

    private static final Set<String> RESOURCE_READS = Set.of(
            "java/lang/Class.getResource", "java/lang/Class.getResourceAsStream",
            "java/lang/ClassLoader.getResource", "java/lang/ClassLoader.getResourceAsStream",
            "java/lang/ClassLoader.getResources", "java/lang/ClassLoader.resources",
            "java/lang/ClassLoader.getSystemResource", "java/lang/ClassLoader.getSystemResourceAsStream",
            "java/lang/ClassLoader.getSystemResources", "java/lang/Module.getResourceAsStream");

    @Test
    void everyClassThatReadsResourcesIsKnownHere() {
        assertThat(CompiledApplication.callersOf(RESOURCE_READS))
                .as("classes that read classpath resources at run time: add each to LOADERS with the constant "
                        + "naming what it reads, and its resources to " + INCLUDES)
                .containsExactlyInAnyOrderElementsOf(LOADERS.keySet());
    }

    /** A string constant that reads as a classpath resource: folders, then a file name with an extension. */
    static final Pattern RESOURCE_NAME = Pattern.compile("/?(?:[\\w.-]+/)+[\\w-]+(?:\\.[\\w-]+)+");

    @Test
    void aLoaderNamesNoResourceBesideTheOnesItDeclares() {
        Set<String> declared = new TreeSet<>(resourcesRead());
        List<String> undeclared = new ArrayList<>();
        for (String loader : LOADERS.keySet()) {
            for (String constant : CompiledApplication.stringConstants(loader)) {
                if (RESOURCE_NAME.matcher(constant).matches() && !declared.contains(constant.replaceFirst("^/", ""))) {
                    undeclared.add(loader + ": " + constant);
                }
            }
        }
        assertThat(undeclared)
                .as("resource names in a loader's code that its LOADERS constant does not list: add them there, so "
                        + "the check against " + INCLUDES + " sees them")
                .isEmpty();
    }

    @Test
    void aResourceNameIsToldFromTheLoadersOtherStrings() {
        assertThat(List.of("db/sqlite/V1__sessions.sql", "contract/openapi.yaml", "contract/swagger-ui/index.html",
                "/extra/notes.txt")).allMatch(name -> RESOURCE_NAME.matcher(name).matches());
        assertThat(List.of("application/json;charset=UTF-8", "/q/openapi", "contract/", "PRAGMA user_version",
                "contract/swagger-ui/index.html is not on the class path", "+json", "openapi.yaml"))
                .noneMatch(text -> RESOURCE_NAME.matcher(text).matches());
    }

    @Test
    void everyResourceTheCodeReadsIsIncludedInTheNativeImage() {
        List<Pattern> includes = patterns(CompiledApplication.nativeBuildList(INCLUDES));
        List<Pattern> excludes = patterns(CompiledApplication.nativeBuildList(EXCLUDES));
        List<String> resources = resourcesRead();
        assertThat(resources).as("resources named by " + LOADERS).isNotEmpty();

        List<String> missing = new ArrayList<>();
        for (String resource : resources) {
            assertThat(CompiledApplication.CLASSES.resolve(resource)).as("read at run time").isRegularFile();
            boolean included = includes.stream().anyMatch(p -> p.matcher(resource).matches());
            boolean excluded = excludes.stream().anyMatch(p -> p.matcher(resource).matches());
            if (!included || excluded) {
                missing.add(resource + (excluded ? " (excluded)" : ""));
            }
        }
        assertThat(missing)
                .as("read at run time but not in a native image: add a pattern to the one " + INCLUDES + " value "
                        + CompiledApplication.nativeBuildList(INCLUDES))
                .isEmpty();
    }

    @Test
    void theIncludesAreOneValue() {
        // A second line does not add patterns: it replaces the first, and nothing says so.
        Map<String, List<String>> lines = CompiledApplication.propertyLines();
        for (String key : List.of(INCLUDES, "%prod." + INCLUDES, EXCLUDES, "%prod." + EXCLUDES)) {
            assertThat(lines.getOrDefault(key, List.of()))
                    .as(key + " is set more than once in application.properties; list every pattern in one value")
                    .hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void patternsAreGlobsAsQuarkusReadsThem() {
        Pattern deep = patterns(List.of("contract/**")).get(0);
        Pattern flat = patterns(List.of("db/sqlite/*.sql")).get(0);
        assertThat(deep.matcher("contract/parallel-api.openapi.yml").matches()).isTrue();
        assertThat(deep.matcher("contract/sub/a.yml").matches()).isTrue();
        assertThat(flat.matcher("db/sqlite/V1__sessions.sql").matches()).isTrue();
        assertThat(flat.matcher("db/sqlite/old/V0.sql").matches()).isFalse();
        assertThat(flat.matcher("db/sqlite/V1__sessions.sql.bak").matches()).isFalse();
    }

    private static List<Pattern> patterns(List<String> globs) {
        return globs.stream().map(glob -> Pattern.compile(GlobUtil.toRegexPattern(glob))).toList();
    }

    private static List<String> resourcesRead() {
        List<String> resources = new ArrayList<>();
        LOADERS.forEach((className, fieldName) -> {
            try {
                Field field = Class.forName(className).getDeclaredField(fieldName);
                field.setAccessible(true);
                Object value = field.get(null);
                if (value instanceof String name) {
                    resources.add(name);
                } else if (value instanceof Collection<?> names) {
                    names.forEach(name -> resources.add((String) name));
                } else {
                    throw new AssertionError(className + "." + fieldName + " is neither a name nor names: " + value);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(className + "." + fieldName + " should name the resources it reads", e);
            }
        });
        return resources;
    }
}
