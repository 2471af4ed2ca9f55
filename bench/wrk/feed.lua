-- Feed read: GET /api/v1/feed?tab=$FEED_TAB&limit=$FEED_LIMIT as the
-- logged-in reader (the seeded fan following 200 accounts).
--   HELIO_TOKEN=… wrk -t2 -c16 -d30s --latency -s bench/wrk/feed.lua http://127.0.0.1:8080
package.path = package.path .. ";" .. (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua"
local common = require("common")

local path

function init(args)
  common.headers()
  local tab = os.getenv("FEED_TAB") or "all"
  local limit = os.getenv("FEED_LIMIT") or "20"
  path = "/api/v1/feed?tab=" .. tab .. "&limit=" .. limit
end

function request()
  return wrk.format("GET", path)
end
