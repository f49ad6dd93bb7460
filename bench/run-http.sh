#!/usr/bin/env bash
# HTTP door benchmark, one command (docs/performance.md, "End to end"): wrk posts binary CloudEvents to normalize
# (Knative configuration: Kafka door off, embedded PostgreSQL) at fixed rates and flat out, side by side with a bare
# Funqy echo function (bench/echo) in the same run; writes bench/results/http-<date>.txt with the machine info.
#
#   bench/run-http.sh
#   RATES=500,1000 RUN_SECONDS=10 SKIP_BUILD=1 bench/run-http.sh --note "..."
#
# Environment: RATES (500,1000,2000,4000 req/s), RUN_SECONDS (15 per run), CONNECTIONS (16), TRADES_PER_EVENT (1:
# trade frames in each raw event), OUT, SKIP_BUILD=1,
# MVN_ARGS, JVM_OPTS, FUNCTIONS_DIR. Needs wrk (Debian: apt-get install -y wrk; installed here when running as root).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"

if ! command -v wrk >/dev/null; then
  if [[ "$(id -u)" == 0 ]]; then
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is missing: sudo apt-get install -y wrk" >&2
    exit 2
  fi
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building normalize, the echo function and the harness ..."
  ./mvnw -B -ntp -q ${MVN_ARGS:-} install -DskipTests -pl functions/normalize,bench/echo,bench/e2e -am
fi

out="${OUT:-bench/results/http-$(date -u +%F).txt}"
if [[ -e "$out" && -z "${OUT:-}" ]]; then
  out="bench/results/http-$(date -u +%F-%H%M).txt"
fi
rev="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain 2>/dev/null | grep -v '^??' || true)" ]]; then
  rev="$rev (with uncommitted changes)"
fi
args=(http --out "$out" --functions-dir "${FUNCTIONS_DIR:-functions}" --echo-jar bench/echo/target/quarkus-app/quarkus-run.jar
  --git-rev "$rev" --rates "${RATES:-500,1000,2000,4000}" --seconds "${RUN_SECONDS:-15}"
  --connections "${CONNECTIONS:-16}" --trades-per-event "${TRADES_PER_EVENT:-1}")
if [[ -n "${JVM_OPTS:-}" ]]; then
  args+=(--jvm-opts "$JVM_OPTS")
fi
exec java -Xmx1g -jar bench/e2e/target/e2e-bench.jar "${args[@]}" "$@"
