#!/usr/bin/env bash
# Full-size fault run (docs/reliability.md): the whole sample trading day instead of a third, a 2,000-entry malformed
# corpus per door, one kill -9 run per function (each killed twice), a 20 s PostgreSQL outage and a 15 s Kafka outage,
# replays paced over 45 s; and the Knative data path (KnativeDataPathTest) at full size: one kill -9 run per function,
# a 2-minute PostgreSQL outage and a 15 s Kafka outage behind the simulated broker, plus its control run. Takes about
# 40-50 minutes on 2 cores. Needs the function jars (the dead-letter sink's too) and the upstream modules
# installed (./mvnw -DskipTests install). Extra arguments go to Maven (e.g. -o, -Dtest='FaultToleranceTest#kill*').
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
./mvnw -B -ntp -f reliability/pom.xml verify \
  -Dreliability.full=true \
  -Dreliability.fraction=1.0 \
  -Dreliability.corpus=2000 \
  -Dreliability.replay-seconds=45 \
  "$@" || status=$?
echo "results table: reliability/target/reliability/results.md (corpus details: corpus-http.txt, corpus-kafka.txt)"
echo "Knative data path: reliability/target/reliability-knative/results.md"
exit $status
