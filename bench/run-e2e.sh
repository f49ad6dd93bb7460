#!/usr/bin/env bash
# End-to-end benchmark, one command (docs/performance.md, "End to end"):
#   builds the five functions and the harness, starts embedded Kafka + PostgreSQL, and runs
#   (a) the Kafka produce->consume pass-through and (b) the PostgreSQL COPY baselines on the same data,
#   start-up time and RSS per function (JVM mode), then N raw trades through the five functions' Kafka doors
#   (warm-up, saturation, paced at PACED_RATE), checks the counts across the stages, and writes
#   bench/results/e2e-<date>.txt with the machine info.
#
#   bench/run-e2e.sh                      # N=1,000,000
#   N=20000 bench/run-e2e.sh              # a quick run
#   SKIP_BUILD=1 N=20000 bench/run-e2e.sh --jfr quality-check --note "..."   # extra options go to the harness
#
# Environment: N, SYMBOLS (1000), FEED_RATE (50000 ticks/s of event time), PACED_RATE (5000), PACED_SECONDS (30),
# JFR (all | none | comma list of functions), JFR_PHASE (saturation | paced), OUT (results file), SKIP_BUILD=1, MVN_ARGS (e.g. -o), FUNCTIONS_DIR,
# JVM_OPTS (of the functions in the pipeline), HARNESS_OPTS (of the harness JVM, which also hosts Kafka).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building the functions and the harness ..."
  ./mvnw -B -ntp -q ${MVN_ARGS:-} install -DskipTests \
    -pl functions/normalize,functions/quality-check,functions/corporate-action,functions/indicator,functions/alpha-call,bench/e2e -am
fi

out="${OUT:-bench/results/e2e-$(date -u +%F).txt}"
if [[ -e "$out" && -z "${OUT:-}" ]]; then
  out="bench/results/e2e-$(date -u +%F-%H%M).txt"
fi
rev="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain 2>/dev/null | grep -v '^??' || true)" ]]; then
  rev="$rev (with uncommitted changes)"
fi

args=(e2e --out "$out" --functions-dir "${FUNCTIONS_DIR:-functions}" --git-rev "$rev"
  --n "${N:-1000000}" --symbols "${SYMBOLS:-1000}" --feed-rate "${FEED_RATE:-50000}"
  --paced-rate "${PACED_RATE:-5000}" --paced-seconds "${PACED_SECONDS:-30}" --jfr "${JFR:-all}" --jfr-phase "${JFR_PHASE:-saturation}")
if [[ -n "${JVM_OPTS:-}" ]]; then
  args+=(--jvm-opts "$JVM_OPTS")
fi
# shellcheck disable=SC2086
exec java ${HARNESS_OPTS:--Xmx2g} -jar bench/e2e/target/e2e-bench.jar "${args[@]}" "$@"
