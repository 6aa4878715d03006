package dev.batchtracker.session;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An enum's lowercase name is made in one place: by {@link Wire} for the domain's enums, or by the enum itself
 * (as {@code BatchConfig.Store.configName()} does). A class that lowercases another object's {@code name()} rebuilds
 * a name that already has a home, and the two can drift apart.
 */
class WireNamesTest {

    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Path WIRE = Path.of("dev", "batchtracker", "session", "Wire.java");
    /** Another object's name lowercased: {@code x.name().toLowerCase(}; an enum's own {@code name()} has no dot. */
    private static final Pattern REBUILT = Pattern.compile("\\.\\s*name\\(\\)\\s*\\.\\s*toLowerCase\\(");

    @Test
    void noClassButWireLowercasesAnotherEnumsName() throws IOException {
        List<String> rebuilt = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                if (SOURCES.relativize(file).equals(WIRE)) {
                    continue;
                }
                String text = Files.readString(file);
                Matcher found = REBUILT.matcher(text);
                while (found.find()) {
                    long line = text.substring(0, found.start()).lines().count();
                    rebuilt.add(SOURCES.relativize(file) + ":" + line);
                }
            }
        }
        assertThat(rebuilt).as("lowercase enum names rebuilt outside Wire (use Wire.name, or the enum's own method)")
                .isEmpty();
    }

    @Test
    void theRuleTellsARebuiltNameFromAnEnumsOwn() {
        assertThat(REBUILT.matcher("config.store().name().toLowerCase(Locale.ROOT)").find()).isTrue();
        assertThat(REBUILT.matcher("status.name()\n        .toLowerCase(Locale.ROOT)").find()).isTrue();
        assertThat(REBUILT.matcher("return name().toLowerCase(Locale.ROOT);").find()).isFalse();
        assertThat(REBUILT.matcher("value.trim().toLowerCase(Locale.ROOT)").find()).isFalse();
    }
}
