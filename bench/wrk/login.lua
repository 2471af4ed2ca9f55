-- Log-in under load: POST /api/v1/sessions for seeded accounts in turn
-- (b0000003, b0000004, … with the bench password), always with the same
-- device label and no device token. A first log-in on an account with no
-- known device needs no step-up, so the risk rules never turn these into
-- 401 step_up_required; a second run over the same accounts does (each has
-- a known device now, and a label is no device): move LOGIN_FIRST on or
-- reseed. Each wrk thread takes its own range of
-- accounts ($LOGIN_FIRST, default 3, plus 100,000 per thread).
--   wrk -t2 -c8 -d30s --latency -s bench/wrk/login.lua http://127.0.0.1:8080
local password = os.getenv("BENCH_PASSWORD") or "Helio#bench2026"
local device = os.getenv("HELIO_DEVICE") or "bench-driver"
local accounts = tonumber(os.getenv("LOGIN_ACCOUNTS") or "100000")
local first = tonumber(os.getenv("LOGIN_FIRST") or "3")
local threads = 0
local next_index

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init(args)
  next_index = first + (offset or 0) * 7919
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local i = first + ((next_index - first) % accounts)
  next_index = next_index + 1
  local body = string.format('{"login":"b%07d","password":"%s","device_id":"%s"}', i, password, device)
  return wrk.format("POST", "/api/v1/sessions", nil, body)
end

