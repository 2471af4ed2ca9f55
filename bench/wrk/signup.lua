-- Sign-ups under load: POST /api/v1/users with an email and nickname no
-- earlier run used (the run's start time, the wrk thread and a counter),
-- the bench password, anonymous. Each sign-up hashes its password once
-- (argon2id), so the rate is bounded by hashing as log-in is.
--   wrk -t2 -c8 -d30s --latency -s bench/wrk/signup.lua http://127.0.0.1:8080
local password = os.getenv("BENCH_PASSWORD") or "Helio#bench2026"
local threads = 0
local run = os.time()
local n = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  n = n + 1
  local name = string.format("s%d-%d-%d", run, id or 0, n)
  local body = string.format('{"email":"%s@bench.invalid","nickname":"%s","password":"%s"}', name, name, password)
  return wrk.format("POST", "/api/v1/users", nil, body)
end
