#!/usr/bin/env bash
# What the raw archiver and the live console cost the pipeline (docs/performance.md, "Side loads"): the e2e benchmark
# with a phase per side load, each between two control phases without, all in one run, written to
# bench/results/side-loads-<date>.txt.
#
#   bench/run-side-loads.sh                 # N=200,000 trades per phase
#   N=1000000 bench/run-side-loads.sh       # the e2e benchmark's full size (six phases of 1M: about an hour here)
#
# Environment as bench/run-e2e.sh (N, SYMBOLS, SKIP_BUILD, MVN_ARGS, ...); JFR is off, so no phase pays for it.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building the console ..."
  ./mvnw -B -ntp -q ${MVN_ARGS:-} install -DskipTests -pl infra/console -am
fi
export N="${N:-200000}" JFR="${JFR:-none}" PACED_SECONDS="${PACED_SECONDS:-0}"
export OUT="${OUT:-bench/results/side-loads-$(date -u +%F).txt}"
exec bench/run-e2e.sh --startup none --side-loads archive,console "$@"
