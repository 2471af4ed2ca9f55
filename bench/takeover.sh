#!/usr/bin/env bash
# Takeover after kill -9: how long a job held by a replica that dies waits
# until another replica has finished it. Two `helio serve` processes share one
# PostgreSQL database (a schema of their own, dropped at the end). Replica A
# delivers e-mail to an SMTP server (a few lines of Python) that accepts and
# never answers, so a log-in alert job runs on A until A is killed with -9;
# replica B, which writes messages to its log, then takes the job over once
# A's lease has run out. The script prints the seconds from the kill until the
# job is done. (It turns new-device verification off in the database, so that
# the second log-in needs no code, only the alert.)
#
#   DATABASE_URL='postgres://postgres@127.0.0.1:5432/helio_rel?sslmode=disable' bench/takeover.sh [runs]
#
# Environment: DATABASE_URL (required), HELIO (the binary; default: built
# from this checkout into /tmp/helio-bench/helio), HELIO_JOB_LEASE (passed to
# both replicas; unset, the binary's default), HOLD (seconds A holds the job
# before the kill; default random, 1–20, so that the kill falls anywhere in
# the heartbeat's cycle).
set -euo pipefail

cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to a postgres:// URL}"
RUNS=${1:-3}
for tool in curl psql python3 bc; do
	command -v "$tool" >/dev/null || { echo "takeover.sh needs $tool (apt-get install -y curl postgresql-client python3 bc)" >&2; exit 1; }
done
if [ -z "${HELIO:-}" ]; then
	HELIO=/tmp/helio-bench/helio
	go build -o "$HELIO" ./cmd/helio
fi
schema=takeover_$$
url="$DATABASE_URL&search_path=$schema,public"
smtp_port=$((20000 + $$ % 10000))
pids=()
cleanup() {
	for p in "${pids[@]}"; do
		kill -9 "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	psql -q "$DATABASE_URL" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null
}
trap cleanup EXIT
export PGOPTIONS='-c client_min_messages=warning'
psql -q "$DATABASE_URL" -c "CREATE SCHEMA $schema" >/dev/null
# An SMTP server that accepts connections and never says a word.
python3 -c 'import socket, sys
s = socket.create_server(("127.0.0.1", int(sys.argv[1])))
held = []
while True:
    held.append(s.accept())' "$smtp_port" </dev/null >/dev/null 2>&1 &
pids+=($!)
sql() { PGOPTIONS="$PGOPTIONS -c search_path=$schema,public" psql -qtA "$DATABASE_URL" -c "$1"; }

# replica ADDR NOTIFY starts helio serve and waits until it is ready.
replica() {
	HELIO_DATABASE_URL=$url HELIO_ADDR=$1 HELIO_NOTIFY=$2 HELIO_LOG_LEVEL=warn "$HELIO" serve \
		</dev/null >>/tmp/helio-bench/takeover.log 2>&1 &
	pids+=($!)
	until curl -fs "http://$1/readyz" >/dev/null; do sleep 0.1; done
}

# login LOGIN DEVICE logs in on replica A.
login() {
	curl -fs -o /dev/null -X POST http://127.0.0.1:18081/api/v1/sessions -H 'Content-Type: application/json' \
		-d "{\"login\":\"$1\",\"password\":\"Takeover#2026\",\"device_id\":\"$2\"}"
}

mkdir -p /tmp/helio-bench
for run in $(seq "$RUNS"); do
	sql "DELETE FROM jobs" >/dev/null 2>&1 || true
	replica 127.0.0.1:18081 "smtp://127.0.0.1:$smtp_port?from=helio@example.com"
	a=${pids[-1]}
	name=takeover$run
	curl -fs -o /dev/null -X POST http://127.0.0.1:18081/api/v1/users -H 'Content-Type: application/json' \
		-d "{\"email\":\"$name@example.com\",\"nickname\":\"$name\",\"password\":\"Takeover#2026\"}"
	login "$name" first-device
	sql "UPDATE security_settings SET new_device_verification = false" >/dev/null
	login "$name" second-device # a new device: the alert job goes to A's silent SMTP server
	until [ "$(sql "SELECT COUNT(*) FROM jobs WHERE status = 'running' AND lease_owner LIKE '%:$a/%'")" = 1 ]; do sleep 0.05; done
	replica 127.0.0.1:18082 log
	b=${pids[-1]}
	hold=${HOLD:-$((RANDOM % 20 + 1))}
	sleep "$hold"
	kill -9 "$a"
	start=$(date +%s.%N)
	wait "$a" 2>/dev/null || true
	until [ "$(sql "SELECT COUNT(*) FROM jobs WHERE status = 'done' AND kind = 'notify.send'")" = 1 ]; do sleep 0.05; done
	end=$(date +%s.%N)
	printf 'run %d: held %2ds, taken over and finished %.1f s after the kill (lease %s)\n' \
		"$run" "$hold" "$(echo "$end - $start" | bc)" "${HELIO_JOB_LEASE:-default}"
	kill "$b"
	wait "$b" 2>/dev/null || true
done
