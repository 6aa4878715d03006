#!/usr/bin/env bash
# Runs the benchmarks of issues 4, 11 and 13 and writes BENCHMARKS.md at the repository root.
#
#   bench/run.sh                 full run (about 14 minutes of measuring on 2 cores, plus 1-3 of building) -> BENCHMARKS.md
#   bench/run.sh --smoke         the whole harness with tiny sizes (a few minutes, mostly the build);
#                                exits non-zero when any measurement fails -> target/bench/BENCHMARKS-smoke.md
#   bench/run.sh --wait-quiet    first wait (up to 40 min) for a quiet machine: 1-min load < 0.5, no other build
#   building also runs aot/build.sh (needs a JDK 25+) for the start-up step's AOT launch
#   other options go to the harness: --only=jmh,startup,http,stores,hot,sse,expiry,memory,filters,compaction (or contention)
#                                    --stores=memory,sqlite,postgres,redis --duration=SECONDS --concurrency=N
#                                    --contention=64x10000 --contention-minutes=15 --out=FILE --no-build
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
wait_quiet=0
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --wait-quiet) wait_quiet=1 ;;
    *) args+=("$arg") ;;
  esac
done

# What the harness needs: a JDK 17+ (it drives everything else itself: no wrk, no curl).
if ! command -v java >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: installing a JDK" >&2
    apt-get update -qq && apt-get install -y -qq openjdk-17-jdk-headless >/dev/null
  else
    echo "bench: needs a JDK 17+ (java and javac on PATH)" >&2; exit 1
  fi
fi

# 11,000 SSE connections are 11,000 descriptors in the service process and as many in the harness process.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
  echo "bench: warning: open-files limit is $(ulimit -n); the SSE step needs about 12000 per process" >&2
fi

others() { # build tools and services of other work trees
  pgrep -fa 'maven|quarkus|surefire' | grep -v -- "$(pwd)/target/bench" || true
}
quiet_now() {
  load=$(cut -d' ' -f1 /proc/loadavg)
  awk -v l="$load" 'BEGIN { exit !(l < 0.5) }' && [ -z "$(others)" ]
}
if [ "$wait_quiet" = 1 ]; then
  for _ in $(seq 1 40); do
    quiet_now && break
    echo "bench: waiting for a quiet machine (load $(cut -d' ' -f1-3 /proc/loadavg), $(others | wc -l) other build processes)" >&2
    sleep 60
  done
fi
if quiet_now; then
  export BENCH_QUIET="yes (1-min load $(cut -d' ' -f1 /proc/loadavg), no other build running)"
else
  export BENCH_QUIET="**no**: 1-min load $(cut -d' ' -f1 /proc/loadavg), $(others | wc -l) other build/test processes running"
fi

if [ "$build" = 1 ]; then
  echo "bench: building the benchmark build (-Pbench, into target/bench)" >&2
  ./mvnw -q -Pbench -DskipTests package
  # The start-up step also measures the AOT launch (aot/build.sh: aot-jar + a JDK 25 AOT cache).
  only=$(printf '%s\n' "${args[@]+"${args[@]}"}" | sed -n 's/^--only=//p')
  if [ -z "$only" ] || [[ ",$only," == *,startup,* ]]; then
    echo "bench: building the AOT launch (aot/build.sh, into target/aot)" >&2
    if ! aot/build.sh; then
      [ "${CI:-}" = true ] && { echo "bench: aot/build.sh failed" >&2; exit 1; }
      echo "bench: warning: no AOT build; start-up is measured without it" >&2
    fi
  fi
fi

exec java -Xms1g -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/bench/classes:$(cat target/bench/classpath.txt)" \
  dev.batchtracker.bench.harness.BenchRun "${args[@]+"${args[@]}"}"
