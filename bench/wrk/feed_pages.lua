-- Feed paging: each wrk thread walks the feed page by page, following
-- next_cursor, for $FEED_PAGES pages (default 5), then starts again from
-- the first page. Measures the keyset pages deeper than the first.
--   HELIO_TOKEN=… wrk -t2 -c2 -d30s --latency -s bench/wrk/feed_pages.lua http://127.0.0.1:8080
-- Use one connection per thread (-c equal to -t): the cursor is the
-- thread's, and the next request needs the last answer.
package.path = package.path .. ";" .. (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua"
local common = require("common")

local base, pages
local cursor, page = nil, 0

function init(args)
  common.headers()
  local tab = os.getenv("FEED_TAB") or "all"
  local limit = os.getenv("FEED_LIMIT") or "20"
  base = "/api/v1/feed?tab=" .. tab .. "&limit=" .. limit
  pages = tonumber(os.getenv("FEED_PAGES") or "5")
end

function request()
  if cursor == nil then
    return wrk.format("GET", base)
  end
  return wrk.format("GET", base .. "&cursor=" .. cursor)
end

function response(status, headers, body)
  page = page + 1
  local next = string.match(body, '"next_cursor":"([^"]+)"')
  if status ~= 200 or next == nil or page >= pages then
    cursor, page = nil, 0
  else
    cursor = next
  end
end
