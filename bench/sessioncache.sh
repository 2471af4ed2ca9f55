#!/usr/bin/env bash
# Session cache before/after, alternated in one run: the same helio binary
# started fresh with HELIO_SESSION_CACHE=0 (every request builds its actor)
# and with 10s, on the demo data set, wrk -t2 -c50 on /api/v1/me and the
# feed as the demo fan.
#
#   bench/sessioncache.sh                    # SQLite (helio serve --demo)
#   DATABASE_URL=postgres://… bench/sessioncache.sh   # PostgreSQL (the demo loaded once)
#
# Environment: ROUNDS (3), DURATION (8s), CONNECTIONS (50), PORT (18591).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-8s} CONNECTIONS=${CONNECTIONS:-50} PORT=${PORT:-18591}
for tool in wrk curl jq go; do
	command -v "$tool" >/dev/null || { echo "sessioncache.sh needs $tool" >&2; exit 1; }
done
dir=$(mktemp -d)
pid=
stop() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap stop EXIT
go build -o "$dir/helio" ./cmd/helio
url=http://127.0.0.1:$PORT
demo=(--demo)
if [ -n "${DATABASE_URL:-}" ]; then
	export HELIO_DATABASE_URL=$DATABASE_URL
	HELIO_DATA_DIR=$dir/demo "$dir/helio" demo >/dev/null
	demo=()
fi
for round in $(seq 1 "$ROUNDS"); do
	for cache in 0 10s; do
		rm -rf "$dir/data" && cp -r "$dir/demo" "$dir/data" 2>/dev/null || mkdir -p "$dir/data"
		HELIO_DATA_DIR=$dir/data HELIO_ADDR=127.0.0.1:$PORT HELIO_LOG_LEVEL=error HELIO_SESSION_CACHE=$cache \
			"$dir/helio" serve "${demo[@]}" >"$dir/log" 2>&1 &
		pid=$!
		for _ in $(seq 1 240); do curl -sf -o /dev/null "$url/readyz" && break; sleep 0.5; done
		# The device token makes later log-ins come from a known device.
		answer=$(curl -sf -X POST "$url/api/v1/sessions" -H 'Content-Type: application/json' \
			-d "{\"login\":\"fan@demo.helio.test\",\"password\":\"Helio#demo2026\",\"device_id\":\"bench\",\"device_token\":\"$(cat "$dir/device" 2>/dev/null)\"}")
		jq -r .device_token <<<"$answer" >"$dir/device"
		token=$(jq -r .token <<<"$answer")
		for path in /api/v1/me "/api/v1/feed?tab=all"; do
			printf 'round %s  HELIO_SESSION_CACHE=%-3s  %-22s  ' "$round" "$cache" "$path"
			wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $token" "$url$path" |
				awk '/Requests\/sec/{rps=$2} /^ +99%/{p99=$2} /Non-2xx/{bad=$NF} END{printf "%s req/s  p99 %s  non-2xx %d\n", rps, p99, bad}'
		done
		kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
	done
done
