-- Shared by the wrk scripts of bench/: the session token comes from the
-- environment (bench/run.sh logs in and exports HELIO_TOKEN), and every
-- request carries it as a bearer token, with the driver's device id.
local M = {}

function M.headers()
  local token = os.getenv("HELIO_TOKEN")
  if token == nil or token == "" then
    error("HELIO_TOKEN is not set: log in first (bench/run.sh does)")
  end
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Helio-Device-Id"] = os.getenv("HELIO_DEVICE") or "bench-driver"
  wrk.headers["Accept"] = "application/json"
end

-- split turns "a,b,c" into { "a", "b", "c" }.
function M.split(s)
  local out = {}
  for part in string.gmatch(s or "", "[^,]+") do
    table.insert(out, part)
  end
  return out
end

return M
