-- wrk script for bench/run.py: requests from the file named by BENCH_WRK_REQUESTS (one
-- "path<TAB>cookie header" a line, taken in turn), and one JSON line at the end with
-- p50, p95, p99, requests, bytes, non-2xx responses and socket errors.

local threads = {}
local requests = {}
local turn = 0
non2xx = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_WRK_REQUESTS")) do
    local path, cookie = line:match("^(%S+)\t(.*)$")
    table.insert(requests, wrk.format("GET", path, { ["Cookie"] = cookie }))
  end
end

function request()
  turn = turn % #requests + 1
  return requests[turn]
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "non2xx": %d, "connect_errors": %d, "read_errors": %d, '
      .. '"write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    bad, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout
  ))
end
