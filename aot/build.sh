#!/usr/bin/env bash
# Builds the service for the fastest JVM start: the aot-jar packaging (every class on the JDK's own class path)
# plus an AOT cache of the JDK (JEP 483/514/515) recorded from a training run against the built service.
#
#   aot/build.sh              package into target/aot/quarkus-app, train, write app.aot beside quarkus-run.jar
#   aot/build.sh --no-package reuse target/aot/quarkus-app and only train again
#   aot/run.sh [JVM options]  start it (the same JDK that recorded the cache)
#
# Needs a JDK 25+ to record and to run the cache (JAVA_HOME, `java` on PATH, AOT_JAVA_HOME, or /usr/lib/jvm/*);
# the build itself uses ./mvnw as usual. A cache only fits the JDK and the jars it was recorded with: rebuild after
# either changes (the JVM ignores a cache that does not fit, with a warning, and starts the slow way).
set -euo pipefail
cd "$(dirname "$0")/.."

package=1
for arg in "$@"; do
  case "$arg" in
    --no-package) package=0 ;;
    *) echo "aot/build.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

spec_version() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ { print $2 }'; }
find_jdk() {
  local candidates=("${AOT_JAVA_HOME:-}" "${JAVA_HOME:-}")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  candidates+=(/usr/lib/jvm/*)
  for home in "${candidates[@]}"; do
    [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
    version=$(spec_version "$home")
    if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ]; then
      echo "$home"
      return 0
    fi
  done
  return 1
}
jdk=$(find_jdk) || {
  echo "aot/build.sh: needs a JDK 25 or newer (set AOT_JAVA_HOME); none found" >&2
  exit 1
}
java="$jdk/bin/java"
app=target/aot/quarkus-app

if [ "$package" = 1 ]; then
  echo "aot: packaging (aot-jar) into $app" >&2
  ./mvnw -q package -DskipTests -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=aot/quarkus-app
fi
[ -f "$app/quarkus-run.jar" ] || { echo "aot/build.sh: no $app/quarkus-run.jar" >&2; exit 1; }
rm -f "$app/app.aot" "$app/java-home"

# Starts the service in the background on a free port (JVM options as arguments); sets pid and port.
start_service() {
  local log=$1
  shift
  env -u BATCH_WRITE_TOKEN -u BATCH_STORE -u BATCH_DEMO_ENABLED -u QUARKUS_PROFILE \
    "$java" "$@" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 -jar "$app/quarkus-run.jar" >"$log" 2>&1 &
  pid=$!
  port=
  for _ in $(seq 1 600); do
    port=$(sed -n 's#.*Listening on: http://127\.0\.0\.1:\([0-9]*\).*#\1#p' "$log" | head -n 1)
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || { echo "aot/build.sh: the service exited:" >&2; tail -n 30 "$log" >&2; exit 1; }
    sleep 0.2
  done
  echo "aot/build.sh: the service did not start within 2 minutes" >&2; tail -n 30 "$log" >&2; exit 1
}
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true' EXIT

# The training run: the service as built, with the defaults (memory store, no write token, no demo), loaded by
# aot/Train.java with every kind of request. On a normal shutdown (SIGTERM) the JVM writes the cache.
echo "aot: training with $("$java" -version 2>&1 | head -n 1)" >&2
start_service target/aot/training.log -XX:AOTCacheOutput="$app/app.aot"
"$java" aot/Train.java "http://127.0.0.1:$port"
kill -TERM "$pid"
wait "$pid" || true
pid=
[ -s "$app/app.aot" ] || { echo "aot/build.sh: no cache was written:" >&2; tail -n 30 target/aot/training.log >&2; exit 1; }
echo "$jdk" >"$app/java-home"

# Prove the cache fits: with AOTMode=on the JVM refuses to start rather than ignore a cache that does not.
start_service target/aot/check.log -XX:AOTCache="$app/app.aot" -XX:AOTMode=on
kill -TERM "$pid"
wait "$pid" || true
pid=
echo "aot: wrote $app/app.aot ($(du -h "$app/app.aot" | cut -f1)); start the service with aot/run.sh" >&2
