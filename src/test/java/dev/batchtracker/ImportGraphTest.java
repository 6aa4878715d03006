package dev.batchtracker;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import graph of {@code src/main/java}, read from the sources: every import and every fully qualified name of
 * one of our types is an arrow from the file's type to that type (nested types count as their outer type). It
 * keeps the arrows pointing down:
 * <ul>
 *   <li>the domain (the {@code session} root package) and the event fan-out ({@code session.events}) never reach
 *       up into {@code api}, {@code metrics} or {@code cleanup};</li>
 *   <li>the domain reaches {@code store} and {@code events} only through the ports it owns there;</li>
 *   <li>no two packages depend on each other, directly or round a longer loop. The domain's arrows to its own
 *       ports do not count: a port belongs to the domain and sits in the package of the feature behind it, so
 *       those arrows and the feature's arrows back to the domain are one room, not a cycle.</li>
 * </ul>
 * Plain JUnit over the source text: no bytecode library, and a reference in a Javadoc link counts too, as a reader
 * follows it just the same.
 */
class ImportGraphTest {

    private static final String DOMAIN = "dev.batchtracker.session";
    private static final String EVENTS = DOMAIN + ".events";
    private static final List<String> ABOVE_THE_DOMAIN = List.of(DOMAIN + ".api", DOMAIN + ".metrics",
            DOMAIN + ".cleanup");

    /** The domain's ports that live in the package of the feature behind them. */
    private static final Set<String> DOMAIN_PORTS = Set.of(DOMAIN + ".store.SessionStore",
            EVENTS + ".SessionEventHub", EVENTS + ".SessionEvent");

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile(
            "\\b(dev\\.batchtracker(?:\\.[a-z_][a-z0-9_]*)*)\\.([A-Z]\\w*)");
    private static final Pattern WILDCARD = Pattern.compile(
            "^import\\s+(dev\\.batchtracker(?:\\.[a-z_][a-z0-9_]*)*)\\.\\*\\s*;", Pattern.MULTILINE);

    private static final Set<Arrow> MAIN = read(Path.of("src", "main", "java"));

    /** From one type to another; a wildcard import's target is {@code package.*}. */
    record Arrow(String from, String to) {
        String fromPackage() {
            return packageOf(from);
        }

        String toPackage() {
            return packageOf(to);
        }

        private static String packageOf(String type) {
            return type.substring(0, type.lastIndexOf('.'));
        }

        @Override
        public String toString() {
            return from + " → " + to;
        }
    }

    @Test
    void theDomainAndTheEventFanOutReachNothingAboveThem() {
        assertThat(upward(MAIN)).isEmpty();
    }

    @Test
    void theDomainReachesStoreAndEventsOnlyThroughItsPorts() {
        assertThat(pastThePorts(MAIN)).isEmpty();
    }

    @Test
    void noPackagesDependOnEachOther() {
        assertThat(cycles(MAIN)).isEmpty();
    }

    @Test
    void theRulesCatchWhatTheyAreFor() {
        Set<Arrow> arrows = parse(Map.of(
                "session/Manager.java", """
                        package dev.batchtracker.session;
                        import dev.batchtracker.session.metrics.BatchMeters;
                        import dev.batchtracker.session.store.SessionStore;
                        /** {@link dev.batchtracker.session.store.StoreStats} */
                        class Manager {}
                        """,
                "session/events/Hub.java", """
                        package dev.batchtracker.session.events;
                        import dev.batchtracker.session.cleanup.*;
                        class Hub { dev.batchtracker.session.api.sse.Frames.Nested frames; }
                        """,
                "session/store/StoreStats.java", """
                        package dev.batchtracker.session.store;
                        import dev.batchtracker.session.Manager;
                        import static dev.batchtracker.session.store.memory.Memory.create;
                        class StoreStats {}
                        """,
                "session/store/memory/Memory.java", """
                        package dev.batchtracker.session.store.memory;
                        import dev.batchtracker.session.store.StoreStats;
                        class Memory {}
                        """));

        assertThat(upward(arrows)).extracting(Arrow::toString).containsExactlyInAnyOrder(
                "dev.batchtracker.session.Manager → dev.batchtracker.session.metrics.BatchMeters",
                "dev.batchtracker.session.events.Hub → dev.batchtracker.session.cleanup.*",
                "dev.batchtracker.session.events.Hub → dev.batchtracker.session.api.sse.Frames");
        assertThat(pastThePorts(arrows)).extracting(Arrow::toString).containsExactly(
                "dev.batchtracker.session.Manager → dev.batchtracker.session.store.StoreStats");
        // Manager → SessionStore is a port and does not close a loop; Manager → StoreStats (in a comment) does.
        assertThat(cycles(arrows).keySet()).containsExactly(Set.of("dev.batchtracker.session",
                "dev.batchtracker.session.store", "dev.batchtracker.session.store.memory"));
    }

    private static Set<Arrow> upward(Set<Arrow> arrows) {
        Set<Arrow> found = new TreeSetOfArrows();
        for (Arrow arrow : arrows) {
            boolean fromBelow = arrow.fromPackage().equals(DOMAIN) || within(arrow.fromPackage(), EVENTS);
            if (fromBelow && ABOVE_THE_DOMAIN.stream().anyMatch(above -> within(arrow.toPackage(), above))) {
                found.add(arrow);
            }
        }
        return found;
    }

    private static Set<Arrow> pastThePorts(Set<Arrow> arrows) {
        Set<Arrow> found = new TreeSetOfArrows();
        for (Arrow arrow : arrows) {
            boolean intoAPortsPackage = within(arrow.toPackage(), DOMAIN + ".store") || within(arrow.toPackage(), EVENTS);
            if (arrow.fromPackage().equals(DOMAIN) && intoAPortsPackage && !DOMAIN_PORTS.contains(arrow.to())) {
                found.add(arrow);
            }
        }
        return found;
    }

    /** Every group of packages that reach each other, with the arrows among them. */
    private static Map<Set<String>, Set<Arrow>> cycles(Set<Arrow> arrows) {
        Map<String, Set<String>> next = new TreeMap<>();
        for (Arrow arrow : arrows) {
            if (arrow.fromPackage().equals(arrow.toPackage()) || isPort(arrow)) {
                continue;
            }
            next.computeIfAbsent(arrow.fromPackage(), p -> new TreeSet<>()).add(arrow.toPackage());
        }
        Map<String, Set<String>> reach = new TreeMap<>();
        for (String from : next.keySet()) {
            reach.put(from, reachable(from, next));
        }
        Map<Set<String>, Set<Arrow>> cycles = new LinkedHashMap<>();
        for (String p : next.keySet()) {
            Set<String> group = new TreeSet<>();
            for (String q : reach.get(p)) {
                if (reach.getOrDefault(q, Set.of()).contains(p)) {
                    group.add(q);
                }
            }
            if (group.size() > 1 && !cycles.containsKey(group)) {
                Set<Arrow> among = new TreeSetOfArrows();
                arrows.stream()
                        .filter(a -> !isPort(a) && !a.fromPackage().equals(a.toPackage()))
                        .filter(a -> group.contains(a.fromPackage()) && group.contains(a.toPackage()))
                        .forEach(among::add);
                cycles.put(group, among);
            }
        }
        return cycles;
    }

    private static boolean isPort(Arrow arrow) {
        return arrow.fromPackage().equals(DOMAIN) && DOMAIN_PORTS.contains(arrow.to());
    }

    /** Packages reachable from {@code start} by one arrow or more (itself only round a loop). */
    private static Set<String> reachable(String start, Map<String, Set<String>> next) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(next.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (seen.add(p)) {
                todo.addAll(next.getOrDefault(p, Set.of()));
            }
        }
        return seen;
    }

    private static boolean within(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    private static Set<Arrow> read(Path sources) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(sources)) {
            for (Path file : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
                files.put(sources.relativize(file).toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(files).as("Java sources under " + sources.toAbsolutePath()).hasSizeGreaterThan(50);
        Set<Arrow> arrows = parse(files);
        assertThat(arrows).as("the reader sees the API reach the domain")
                .contains(new Arrow(DOMAIN + ".api.SessionsResource", DOMAIN + ".BatchSessionManager"));
        return arrows;
    }

    /** @param files source text by path (the file name gives the type's name) */
    private static Set<Arrow> parse(Map<String, String> files) {
        Set<Arrow> arrows = new TreeSetOfArrows();
        files.forEach((path, text) -> {
            Matcher pkg = PACKAGE.matcher(text);
            if (!pkg.find()) {
                return; // package-info without a package line, or no Java at all
            }
            String name = Path.of(path).getFileName().toString().replaceFirst("\\.java$", "");
            String from = pkg.group(1) + "." + name;
            Matcher qualified = QUALIFIED.matcher(text);
            while (qualified.find()) {
                String to = qualified.group(1) + "." + qualified.group(2);
                if (!to.equals(from)) {
                    arrows.add(new Arrow(from, to));
                }
            }
            Matcher wildcard = WILDCARD.matcher(text);
            while (wildcard.find()) {
                arrows.add(new Arrow(from, wildcard.group(1) + ".*"));
            }
        });
        return arrows;
    }

    /** Arrows in a stable order, so a failure lists them the same way every time. */
    private static final class TreeSetOfArrows extends TreeSet<Arrow> {
        TreeSetOfArrows() {
            super((a, b) -> a.toString().compareTo(b.toString()));
        }
    }
}
