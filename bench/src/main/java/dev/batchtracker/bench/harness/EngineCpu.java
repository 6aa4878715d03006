package dev.batchtracker.bench.harness;

import com.sun.management.OperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU time the database engines on this machine have used so far (PostgreSQL's processes, Redis's server), from
 * /proc: with the service's own CPU per request it shows where a store point's cores go, beside the engine-limit
 * loop's. A finished backend's time is in its parent's child counters, which are summed too. Meaningful only on a
 * quiet machine: any other client of the same engines is counted as well.
 */
final class EngineCpu {

    private static final Set<String> ENGINES = Set.of("postgres", "redis-server");
    private static final int CLOCK_TICKS = 100;

    private EngineCpu() {
    }

    /** Seconds of CPU (user + system, own and waited-for children) of every engine process; NaN off Linux. */
    static double seconds() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return Double.NaN;
        }
        long ticks = 0;
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path dir : (Iterable<Path>) entries::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                ticks += ticksOf(dir);
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks / (double) CLOCK_TICKS;
    }

    /** CPU seconds of this harness process (the engine-limit loop's client side). */
    static double harnessSeconds() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    private static long ticksOf(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (!ENGINES.contains(stat.substring(open + 1, close))) {
                return 0;
            }
            String[] f = stat.substring(close + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended while we looked
        }
    }
}
