#!/usr/bin/env bash
# Starts the service built by aot/build.sh, with its AOT cache and the JDK that recorded it.
# Options are passed to the JVM before -jar (e.g. -Dbatch.store=sqlite).
set -euo pipefail
app="$(cd "$(dirname "$0")/.." && pwd)/target/aot/quarkus-app"
[ -f "$app/app.aot" ] && [ -f "$app/java-home" ] || { echo "aot/run.sh: run aot/build.sh first" >&2; exit 1; }
exec "$(cat "$app/java-home")/bin/java" -XX:AOTCache="$app/app.aot" "$@" -jar "$app/quarkus-run.jar"
