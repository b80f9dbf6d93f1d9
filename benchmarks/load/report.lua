-- wrk reporter for run.sh: one machine-readable line at the end of a run.
-- RESULT requests duration_us p50_us p90_us p99_us socket_errors non_2xx_3xx bytes
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.0f %.0f %.0f %d %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status, summary.bytes))
end
