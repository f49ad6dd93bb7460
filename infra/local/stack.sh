#!/usr/bin/env bash
# Standalone Kafka + PostgreSQL for manual work, without Docker.
#   infra/local/stack.sh up       start them in the background (state in .marketfn/)
#   infra/local/stack.sh status   show what runs and how to connect
#   infra/local/stack.sh down     stop them
# PostgreSQL: Debian's cluster when present (pg_ctlcluster), otherwise the embedded binaries the CLI uses.
# Kafka: a real KRaft broker run by the marketfn CLI (`marketfn stack up`).
set -euo pipefail
cd "$(dirname "$0")/../.."
STATE=.marketfn
mkdir -p "$STATE"

case "${1:-status}" in
  up)
    if command -v pg_ctlcluster >/dev/null && pg_lsclusters -h 2>/dev/null | grep -q .; then
      read -r ver name _ < <(pg_lsclusters -h | head -1)
      pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start 2>/dev/null || true
      su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
      su postgres -c "psql -lqt | cut -d'|' -f1 | grep -qw marketfn || createdb marketfn"
      echo "PG_URL=postgresql://localhost:5432/marketfn" > "$STATE/pg.env"
    fi
    nohup ./marketfn stack up > "$STATE/stack.log" 2>&1 &
    echo $! > "$STATE/stack.pid"
    for _ in $(seq 60); do [[ -f "$STATE/stack.env" ]] && break; sleep 1; done
    cat "$STATE/stack.env" 2>/dev/null || { echo "stack did not start; see $STATE/stack.log" >&2; exit 1; }
    ;;
  down)
    [[ -f "$STATE/stack.pid" ]] && kill "$(cat "$STATE/stack.pid")" 2>/dev/null || true
    rm -f "$STATE/stack.pid" "$STATE/stack.env"
    echo "stopped"
    ;;
  status)
    if [[ -f "$STATE/stack.pid" ]] && kill -0 "$(cat "$STATE/stack.pid")" 2>/dev/null; then
      echo "running (pid $(cat "$STATE/stack.pid"))"; cat "$STATE/stack.env" 2>/dev/null || true
    else
      echo "not running"
    fi
    command -v pg_lsclusters >/dev/null && pg_lsclusters || true
    ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
