#!/usr/bin/env bash
# Measures table + index bytes per raw event, tick and bar trade on a loaded sample (the store's StorageFootprintTest
# against embedded PostgreSQL) and writes bench/results/storage-footprint.txt, which docs/storage-tiers.md quotes.
# Rerunnable: ./bench/storage-footprint.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
out="$PWD/bench/results/storage-footprint.txt"
./mvnw -B -o -q verify -pl functions/store -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=StorageFootprintTest \
    -Dmarketfn.footprint.out="$out"
cat "$out"
