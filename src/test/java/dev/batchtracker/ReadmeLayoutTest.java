package dev.batchtracker;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's layout section matches the tree: its table names every package of {@code src/main/java} and no
 * package that is gone, and every path it points to beside the table exists. A reader uses it to find the room for
 * a line, so a package missing from it is a room with no sign on the door.
 */
class ReadmeLayoutTest {

    private static final Path README = Path.of("README.md");
    private static final Path ROOT = Path.of("src", "main", "java", "dev", "batchtracker");

    /** A table cell's package: {@code `session.store`}, then optionally {@code (+ `memory`, `jdbc`)}. */
    private static final Pattern CELL_PACKAGE = Pattern.compile("`([a-z][a-z0-9.]*)`(?:\\s*\\(\\+([^)]*)\\))?");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    @Test
    void theTableNamesEveryPackageAndOnlyThose() throws IOException {
        assertThat(tablePackages(layoutSection()))
                .as("packages in the README's layout table against those under " + ROOT)
                .containsExactlyInAnyOrderElementsOf(packagesInTheTree());
    }

    @Test
    void everyPathBesideTheTableExists() throws IOException {
        List<String> paths = new ArrayList<>();
        for (String paragraph : layoutSection().split("\\R\\R")) {
            if (!paragraph.startsWith("Beside it:")) {
                continue;
            }
            Matcher name = BACKTICKED.matcher(paragraph);
            while (name.find()) {
                paths.add(name.group(1));
            }
        }
        assertThat(paths).as("paths named after 'Beside it:'").isNotEmpty()
                .allSatisfy(path -> assertThat(Path.of(path)).exists());
    }

    @Test
    void aCellWithSubPackagesNamesEachUnderItsParent() {
        assertThat(tablePackages("""
                | package | role |
                |---|---|
                | `session.store` (+ `memory`, `jdbc`) | stores |
                | `session.cleanup`, `session.metrics` | the rest |
                | `config` | uses `Clock` and `session.other` in prose |
                """)).containsExactlyInAnyOrder("session.store", "session.store.memory", "session.store.jdbc",
                "session.cleanup", "session.metrics", "config");
    }

    private static String layoutSection() throws IOException {
        String text = Files.readString(README);
        int start = text.indexOf("\n## Layout");
        assertThat(start).as("a '## Layout' section in " + README.toAbsolutePath()).isNotNegative();
        int end = text.indexOf("\n## ", start + 1);
        return text.substring(start + 1, end < 0 ? text.length() : end);
    }

    /** The packages the first column of the table names, relative to {@code dev.batchtracker}. */
    private static Set<String> tablePackages(String section) {
        Set<String> packages = new TreeSet<>();
        for (String line : section.split("\\R")) {
            if (!line.startsWith("| `")) {
                continue; // the header, the rule, prose
            }
            String cell = line.substring(1, line.indexOf('|', 1));
            Matcher named = CELL_PACKAGE.matcher(cell);
            while (named.find()) {
                String parent = named.group(1);
                packages.add(parent);
                if (named.group(2) != null) {
                    Matcher sub = BACKTICKED.matcher(named.group(2));
                    while (sub.find()) {
                        packages.add(parent + "." + sub.group(1));
                    }
                }
            }
        }
        return packages;
    }

    /** Every folder under {@link #ROOT} that holds Java sources, as a package relative to it. */
    private static Set<String> packagesInTheTree() throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> ROOT.relativize(f.getParent()).toString().replace(f.getFileSystem().getSeparator(), "."))
                    .filter(p -> !p.isEmpty())
                    .forEach(packages::add);
        }
        assertThat(packages).as("packages under " + ROOT.toAbsolutePath()).contains("session", "session.store");
        return packages;
    }
}
