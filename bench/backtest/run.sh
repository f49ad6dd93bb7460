#!/usr/bin/env bash
# Backtest speed (docs/performance.md, "Backtest"): Backtest.run bars/s over random-walk 1m bars with the real
# indicator engine, and indicators_as_of rows/s from embedded PostgreSQL. Writes bench/results/backtest.txt (the current result).
# Usage: bench/backtest/run.sh [symbols [bars-per-symbol [read-rows]]]   (defaults: 100 symbols x 98280 bars = one
# year of 1m bars each, 98280 rows read)
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
symbols="${1:-100}"; bars="${2:-98280}"; read_rows="${3:-98280}"
./mvnw -B -o -q package -DskipTests -pl bench/backtest -am
out=bench/results/backtest.txt
{
  echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) rev $(git rev-parse --short HEAD) $(uname -srm), $(nproc) cores," \
       "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$JAVA_HOME/bin/java" -Xmx2g -jar bench/backtest/target/backtest-bench.jar "$symbols" "$bars" "$read_rows" 2>/dev/null \
    | grep -E '^(backtest|read):'
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
