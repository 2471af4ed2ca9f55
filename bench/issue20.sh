#!/usr/bin/env bash
# Issue 20, targets 1 and 2: the feed and single reads on SQLite, before and
# after, alternated in one run. Each binary serves its own copy of the
# seeded data (a newer binary migrates its copy); each round starts every
# binary fresh, logs in as benchfan and runs wrk on every scenario:
#
#   feed50  GET /api/v1/feed?tab=all, 50 connections
#   feed10  the same, 10 connections
#   content50  GET /api/v1/contents/{id}/published over the fan's first feed page, 50 connections
#   home50  GET /api/v1/accounts/{id} over accounts the fan follows, 50 connections
#   me50    GET /api/v1/me, 50 connections
#
#   bench/issue20.sh NAME=BINARY[:DATA] …   e.g. before=/tmp/helio-main after=/tmp/helio-feed
#
# Environment: ROUNDS (2), DURATION (10s), PORT (random in 20000–29999),
# SCENARIOS ("feed50 feed10 content50 home50 me50"), SEED (the seeded data
# folder, /tmp/helio-bench/sqlite; copied to SEED-NAME unless DATA is given),
# PROFILE (seconds; when set, each binary, built with -tags pprof, serves
# its profiler on PORT+1 and a CPU profile of that many seconds of each
# scenario goes to /tmp/helio-bench/issue20-NAME-SCENARIO.pprof).
# Run it inside `flock /tmp/bench.lock`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2} DURATION=${DURATION:-10s} PORT=${PORT:-$((20000 + RANDOM % 10000))}
SCENARIOS=${SCENARIOS:-feed50 feed10 content50 home50 me50}
SEED=${SEED:-/tmp/helio-bench/sqlite}
PASSWORD='Helio#bench2026'
url=http://127.0.0.1:$PORT
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; true' EXIT
declare -A bin data
names=()
for arg in "$@"; do
	name=${arg%%=*} rest=${arg#*=}
	bin[$name]=${rest%%:*}
	data[$name]=${SEED}-$name
	[[ $rest == *:* ]] && data[$name]=${rest#*:}
	[ -d "${data[$name]}" ] || cp -r "$SEED" "${data[$name]}"
	names+=("$name")
done
wrkline() {
	wrk -t2 -c"$1" -d"$DURATION" --latency -H "Authorization: Bearer $token" -H "Helio-Device-Id: bench-driver" "${@:2}" |
		awk '/Requests\/sec/{rps=$2} /^ +50%/{p50=$2} /^ +99%/{p99=$2} /Non-2xx/{bad=$NF} END{printf "%9s req/s  p50 %8s  p99 %8s  non-2xx %d\n", rps, p50, p99, bad}'
}
for round in $(seq 1 "$ROUNDS"); do
	for name in "${names[@]}"; do
		HELIO_DATA_DIR=${data[$name]} HELIO_ADDR=127.0.0.1:$PORT HELIO_LOG_LEVEL=error HELIO_PPROF_ADDR=${PROFILE:+127.0.0.1:$((PORT + 1))} \
			"${bin[$name]}" serve >/tmp/helio-bench/issue20-$name.log 2>&1 &
		pid=$!
		for _ in $(seq 1 240); do curl -sf -o /dev/null "$url/readyz" && break; sleep 0.5; done
		answer=$(curl -sf -X POST "$url/api/v1/sessions" -H 'Content-Type: application/json' \
			-d "{\"login\":\"benchfan\",\"password\":\"$PASSWORD\",\"device_id\":\"bench-driver\",\"device_token\":\"$(cat "${data[$name]}/device_token" 2>/dev/null)\"}")
		jq -r .device_token <<<"$answer" >"${data[$name]}/device_token"
		token=$(jq -r .token <<<"$answer") fan=$(jq -r .user.id <<<"$answer")
		export CONTENTS ACCOUNTS
		CONTENTS=$(curl -sf -H "Authorization: Bearer $token" "$url/api/v1/feed?tab=all&limit=20" | jq -r '[.items[].content.id] | join(",")')
		ACCOUNTS=$(curl -sf -H "Authorization: Bearer $token" "$url/api/v1/accounts/$fan/following?limit=100" | jq -r '[.items[].account.id] | join(",")')
		echo "== round $round  $name  $(uptime | sed 's/.*load/load/')"
		for s in $SCENARIOS; do
			printf '%-10s ' "$s"
			prof=
			if [ -n "${PROFILE:-}" ]; then
				curl -sf -o "/tmp/helio-bench/issue20-$name-$s.pprof" "http://127.0.0.1:$((PORT + 1))/debug/pprof/profile?seconds=$PROFILE" &
				prof=$!
			fi
			case $s in
			feed50) wrkline 50 "$url/api/v1/feed?tab=all&limit=20" ;;
			feed10) wrkline 10 "$url/api/v1/feed?tab=all&limit=20" ;;
			content50) IDS=$CONTENTS PATH_FORMAT=/api/v1/contents/%s/published wrkline 50 -s bench/wrk/ids.lua "$url" ;;
			home50) IDS=$ACCOUNTS PATH_FORMAT=/api/v1/accounts/%s wrkline 50 -s bench/wrk/ids.lua "$url" ;;
			me50) wrkline 50 "$url/api/v1/me" ;;
			esac
			[ -z "$prof" ] || wait "$prof"
		done
		kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
	done
done
