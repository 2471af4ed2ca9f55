#!/usr/bin/env bash
# Load scenarios against a running helio seeded by `go run ./bench/cmd/seed`
# (see bench/README.md). The driver runs on the same machine as the server.
#
#   bench/run.sh [scenario …]        default: feed feed-pages feed-tabs homepage login signup drafts push
#
# Scenarios:
#   feed        GET /api/v1/feed?tab=all as the fan (follows 200 accounts)
#   feed-pages  the fan's feed page by page following next_cursor (5 pages)
#   feed-tabs   GET /api/v1/feed for the tabs new, video, special, creators
#   homepage    GET /api/v1/accounts/{id} and …/contents over the fan's followed accounts
#   login       POST /api/v1/sessions for seeded accounts (argon2id: tens a second)
#   signup      POST /api/v1/users, a new account each (argon2id as log-in)
#   drafts      bench/draftload: 50 editors autosaving as the big account
#   push        bench/pushload: publish and push as the big account, time until followers see it
#
# Environment: URL (http://127.0.0.1:8080), DURATION (30s), THREADS (2),
# CONNECTIONS (16), LOGIN_CONNECTIONS (8), EDITORS (50), BIG_FOLLOWERS
# (100000, as seeded), OUT (a folder that receives each scenario's output;
# default /tmp/helio-bench/results).
set -euo pipefail

cd "$(dirname "$0")/.."
URL=${URL:-http://127.0.0.1:8080}
DURATION=${DURATION:-30s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
LOGIN_CONNECTIONS=${LOGIN_CONNECTIONS:-8}
EDITORS=${EDITORS:-50}
BIG_FOLLOWERS=${BIG_FOLLOWERS:-100000}
OUT=${OUT:-/tmp/helio-bench/results}
PASSWORD='Helio#bench2026'
export HELIO_DEVICE=bench-driver BENCH_WRK_DIR=bench/wrk
mkdir -p "$OUT"

for tool in wrk curl jq go; do
	command -v "$tool" >/dev/null || { echo "run.sh needs $tool (apt-get install -y wrk curl jq)" >&2; exit 1; }
done

# login NAME prints the session answer of NAME. The driver keeps the device
# token the server issues to each account in $OUT/devices/NAME (draftload and
# pushload keep theirs there too), so that later log-ins come from a known
# device (a device label alone is no longer one).
login() {
	local token answer
	mkdir -p "$OUT/devices"
	token=$(cat "$OUT/devices/$1" 2>/dev/null || true)
	answer=$(curl -sf -X POST "$URL/api/v1/sessions" -H 'Content-Type: application/json' \
		-d "{\"login\":\"$1\",\"password\":\"$PASSWORD\",\"device_id\":\"$HELIO_DEVICE\",\"device_token\":\"$token\"}") || return 1
	jq -r .device_token <<<"$answer" >"$OUT/devices/$1"
	echo "$answer"
}

session=$(login benchfan) || { echo "cannot log in as benchfan at $URL: is helio running on a seeded database?" >&2; exit 1; }
export HELIO_TOKEN
HELIO_TOKEN=$(jq -r .token <<<"$session")
fan_id=$(jq -r .user.id <<<"$session")

# run NAME ARGS… runs wrk, keeping its output in $OUT/NAME.txt.
run() {
	local name=$1
	shift
	echo "== $name: wrk $*"
	wrk "$@" "$URL" | tee "$OUT/$name.txt"
}

scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(feed feed-pages feed-tabs homepage login signup drafts push)
for s in "${scenarios[@]}"; do
	case $s in
	feed)
		run feed -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/wrk/feed.lua ;;
	feed-pages)
		run feed-pages -t"$THREADS" -c"$THREADS" -d"$DURATION" --latency -s bench/wrk/feed_pages.lua ;;
	feed-tabs)
		for tab in new video special creators; do
			FEED_TAB=$tab run "feed-$tab" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/wrk/feed.lua
		done ;;
	homepage)
		ACCOUNTS=$(curl -sf -H "Authorization: Bearer $HELIO_TOKEN" "$URL/api/v1/accounts/$fan_id/following?limit=100" |
			jq -r '[.items[].account.id] | join(",")')
		export ACCOUNTS
		run homepage -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/wrk/homepage.lua ;;
	login)
		run login -t"$THREADS" -c"$LOGIN_CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/wrk/login.lua ;;
	signup)
		run signup -t"$THREADS" -c"$LOGIN_CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/wrk/signup.lua ;;
	drafts)
		echo "== drafts: draftload as benchstar, $EDITORS editors"
		go run ./bench/draftload -url "$URL" -login benchstar -password "$PASSWORD" -device "$HELIO_DEVICE" \
			-device-tokens "$OUT/devices" -editors "$EDITORS" -duration "$DURATION" | tee "$OUT/drafts.txt" ;;
	push)
		echo "== push: pushload"
		go run ./bench/pushload -url "$URL" -device "$HELIO_DEVICE" -device-tokens "$OUT/devices" -big-followers "$BIG_FOLLOWERS" | tee "$OUT/push.txt" ;;
	*)
		echo "unknown scenario $s" >&2
		exit 2 ;;
	esac
done
