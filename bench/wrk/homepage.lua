-- Homepage read: alternately GET /api/v1/accounts/{id} (profile, counts,
-- first page of content) and GET /api/v1/accounts/{id}/contents, over the
-- account ids in $ACCOUNTS (comma-separated; bench/run.sh passes the
-- accounts the fan follows, which include the most followed ones).
--   ACCOUNTS=id1,id2 HELIO_TOKEN=… wrk -t2 -c16 -d30s --latency -s bench/wrk/homepage.lua http://127.0.0.1:8080
package.path = package.path .. ";" .. (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua"
local common = require("common")

local ids
local n = 0

function init(args)
  common.headers()
  ids = common.split(os.getenv("ACCOUNTS"))
  if #ids == 0 then
    error("ACCOUNTS is empty")
  end
  -- Threads start at different accounts.
  n = math.random(#ids)
end

function request()
  n = n + 1
  local id = ids[(math.floor(n / 2) % #ids) + 1]
  if n % 2 == 0 then
    return wrk.format("GET", "/api/v1/accounts/" .. id)
  end
  return wrk.format("GET", "/api/v1/accounts/" .. id .. "/contents")
end
