-- wrk script: the request comes from the environment (WRK_METHOD, WRK_BODY, WRK_CONTENT_TYPE, WRK_BEARER,
-- WRK_IF_NONE_MATCH),
-- and the summary is one machine-readable line: RESULT <requests/s> <p50 ms> <p99 ms> <non-2xx> <errors>.
wrk.method = os.getenv("WRK_METHOD") or "GET"
wrk.body = os.getenv("WRK_BODY")
if os.getenv("WRK_CONTENT_TYPE") then wrk.headers["Content-Type"] = os.getenv("WRK_CONTENT_TYPE") end
if os.getenv("WRK_IF_NONE_MATCH") then wrk.headers["If-None-Match"] = os.getenv("WRK_IF_NONE_MATCH") end
if os.getenv("WRK_BEARER") then wrk.headers["Authorization"] = "Bearer " .. os.getenv("WRK_BEARER") end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, errors))
end
