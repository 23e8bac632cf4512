-- wrk -s bench/wrk_limit.lua URL -- MAX: like the peer kit's wrk_report.lua (one
-- machine-readable line, with p95), and count-limited as well as time-limited: each wrk
-- thread stops after MAX responses (default 50000).
local max, seen = 50000, 0

function init(args)
  if args[1] then max = tonumber(args[1]) end
end

function response(status, headers, body)
  seen = seen + 1
  if seen >= max then wrk.thread:stop() end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f errors=%d requests=%d bytes=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, summary.requests, summary.bytes))
end
