-- Feed paging at random depths: each request asks for the page after a
-- cursor picked at random from $CURSORS_FILE (one next_cursor a line, as
-- bench/pgfeed.sh collects them by walking the feed), in tab $FEED_TAB.
-- Unlike feed_pages.lua a request needs no earlier answer, so any number of
-- connections can run:
--   HELIO_TOKEN=… CURSORS_FILE=/tmp/cursors wrk -t2 -c16 -d10s --latency -s bench/wrk/feed_random.lua http://127.0.0.1:8080
package.path = package.path .. ";" .. (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua"
local common = require("common")

local base
local cursors = {}

function init(args)
  common.headers()
  base = "/api/v1/feed?tab=" .. (os.getenv("FEED_TAB") or "all") .. "&limit=" .. (os.getenv("FEED_LIMIT") or "20")
  for line in io.lines(os.getenv("CURSORS_FILE")) do
    if line ~= "" then
      table.insert(cursors, line)
    end
  end
  if #cursors == 0 then
    error("no cursors in CURSORS_FILE")
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 1000)
end

function request()
  return wrk.format("GET", base .. "&cursor=" .. cursors[math.random(#cursors)])
end
