#!/usr/bin/env bash
# Raw archive benchmark (docs/archive.md, "Benchmark"): archive throughput into S3Mock and a directory, bytes per raw
# event as Parquet vs raw JSON, replay-read throughput. Usage: bench/archive/run.sh [EVENTS] [BATCH_SIZE]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
events=${1:-200000}
batch=${2:-50000}
./mvnw -B -o -q test-compile -pl infra/archive -am
cp=$(mktemp)
./mvnw -B -o -q dependency:build-classpath -pl infra/archive -Dmdep.outputFile="$cp" -Dmdep.includeScope=test
# the reactor's own modules before any copy of them in the local repository
own=functions/contracts/target/classes:functions/domain/providers/target/classes:infra/embedded/target/classes
out="bench/results/archive/archive-$(date -u +%F)-n${events}-b${batch}.txt"
"$JAVA_HOME/bin/java" -Xmx2g -cp "infra/archive/target/test-classes:infra/archive/target/classes:$own:$(cat "$cp")" \
  dev.marketfn.archive.ArchiveBenchmark "$events" "$batch" "$out"
rm -f "$cp"
echo "written: $out"
