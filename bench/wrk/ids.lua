-- One GET per request over a list of ids: the path is $PATH_FORMAT with
-- %s replaced by the next id of $IDS (comma-separated), e.g.
--   IDS=a,b PATH_FORMAT=/api/v1/contents/%s/published wrk -t2 -c50 -d10s -s bench/wrk/ids.lua http://127.0.0.1:8080
-- (headers are given to wrk with -H).
package.path = package.path .. ";" .. (os.getenv("BENCH_WRK_DIR") or "bench/wrk") .. "/?.lua"
local common = require("common")

local ids
local format
local n = 0

function init(args)
  ids = common.split(os.getenv("IDS"))
  if #ids == 0 then
    error("IDS is empty")
  end
  format = os.getenv("PATH_FORMAT")
  n = math.random(#ids)
end

function request()
  n = n + 1
  return wrk.format("GET", string.format(format, ids[(n % #ids) + 1]))
end
