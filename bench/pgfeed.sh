#!/usr/bin/env bash
# Issue 20, target 3: every feed tab and random-depth paging on PostgreSQL,
# before and after, alternated in one run. Each round starts every binary
# fresh on its database, logs in as benchfan and runs wrk on every scenario:
#
#   all new video special creators subscriptions   GET /api/v1/feed?tab=…, first page
#   paging   the page after a cursor picked at random among the first $PAGES
#            pages of tab=all (bench/wrk/feed_random.lua)
#
#   bench/pgfeed.sh NAME=BINARY=URL …   e.g. before=/tmp/helio-main=postgres://…/helio_bench after=…
#
# A newer binary migrates its database; an older one runs on a database
# migrated further as long as the migrations only add. Each scenario runs
# WARMUP unmeasured first (new connections, prepared statements, caches).
# Environment: ROUNDS (2), DURATION (10s), WARMUP (2s), CONNECTIONS (16),
# PAGES (50), PORT (random in 20000–29999), SCENARIOS ("all new video
# special creators subscriptions paging"), STATE (/tmp/helio-bench: keeps
# the device token of each database, so later runs log in from a known
# device). Run it inside `flock /tmp/bench.lock`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-2} DURATION=${DURATION:-10s} WARMUP=${WARMUP:-2s} CONNECTIONS=${CONNECTIONS:-16} PAGES=${PAGES:-50}
PORT=${PORT:-$((20000 + RANDOM % 10000))} STATE=${STATE:-/tmp/helio-bench}
SCENARIOS=${SCENARIOS:-all new video special creators subscriptions paging}
PASSWORD='Helio#bench2026'
export HELIO_DEVICE=bench-driver BENCH_WRK_DIR=bench/wrk
url=http://127.0.0.1:$PORT
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; true' EXIT
declare -A bin db
names=()
for arg in "$@"; do
	name=${arg%%=*} rest=${arg#*=}
	bin[$name]=${rest%%=*} db[$name]=${rest#*=}
	names+=("$name")
done
wrkline() {
	wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "$@" >/dev/null
	wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" |
		awk '/Requests\/sec/{rps=$2} /^ +50%/{p50=$2} /^ +99%/{p99=$2} /Non-2xx/{bad=$NF} END{printf "%9s req/s  p50 %8s  p99 %8s  non-2xx %d\n", rps, p50, p99, bad}'
}
for round in $(seq 1 "$ROUNDS"); do
	for name in "${names[@]}"; do
		HELIO_DATABASE_URL=${db[$name]} HELIO_ADDR=127.0.0.1:$PORT HELIO_LOG_LEVEL=error "${bin[$name]}" serve >"$work/$name.log" 2>&1 &
		pid=$!
		for _ in $(seq 1 240); do curl -sf -o /dev/null "$url/readyz" && break; sleep 0.5; done
		tokens=$STATE/pgfeed-$(md5sum <<<"${db[$name]}" | cut -c1-12).device_token
		answer=$(curl -sf -X POST "$url/api/v1/sessions" -H 'Content-Type: application/json' \
			-d "{\"login\":\"benchfan\",\"password\":\"$PASSWORD\",\"device_id\":\"$HELIO_DEVICE\",\"device_token\":\"$(cat "$tokens" 2>/dev/null)\"}") ||
			{ echo "cannot log in as benchfan on ${db[$name]%%\?*} (a known device without its token in $tokens?)" >&2; exit 1; }
		jq -r .device_token <<<"$answer" >"$tokens"
		export HELIO_TOKEN CURSORS_FILE=$work/cursors
		HELIO_TOKEN=$(jq -r .token <<<"$answer")
		: >"$CURSORS_FILE"
		cursor=
		for _ in $(seq 1 "$PAGES"); do
			cursor=$(curl -sf -H "Authorization: Bearer $HELIO_TOKEN" "$url/api/v1/feed?tab=all&limit=20&cursor=$cursor" | jq -r '.next_cursor // ""')
			[ -n "$cursor" ] || break
			echo "$cursor" >>"$CURSORS_FILE"
		done
		echo "== round $round  $name  $(wc -l <"$CURSORS_FILE") cursors  $(uptime | sed 's/.*load/load/')"
		for s in $SCENARIOS; do
			printf '%-14s ' "$s"
			case $s in
			paging) wrkline -s bench/wrk/feed_random.lua "$url" ;;
			*) wrkline -H "Authorization: Bearer $HELIO_TOKEN" -H "Helio-Device-Id: $HELIO_DEVICE" "$url/api/v1/feed?tab=$s&limit=20" ;;
			esac
		done
		kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
	done
done
