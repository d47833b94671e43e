-- bench/wrk-report.lua - wrk's figures of one load as one JSON object (bench/README.md).
--
--   WRK_REPORT_JSON=load.json wrk -t2 -c64 -d5s --latency -s bench/wrk-report.lua http://127.0.0.1:8010/counter
--
-- With WRK_REPORT_JSON set, the object goes to that file and a one-line summary for people to
-- the end of wrk's output; without it, the object is printed on stdout after wrk's text.
-- Only done() is defined: a script without request()/response() leaves wrk on its fast path,
-- so the load is the same as without -s.
--
-- Durations and latencies are microseconds, as wrk keeps them. errors.status counts answers with
-- a status of 400 or more (what wrk prints as "Non-2xx or 3xx responses").

local function number(v)
   -- integral values without a fraction, others with three decimals; never inf or nan
   if v ~= v or v == math.huge or v == -math.huge then
      return "null"
   end
   if v == math.floor(v) then
      return string.format("%.0f", v)
   end
   return string.format("%.3f", v)
end

local function object(fields)
   local parts = {}
   for _, f in ipairs(fields) do
      parts[#parts + 1] = string.format('"%s":%s', f[1], f[2])
   end
   return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local rate = 0
   if seconds > 0 then
      rate = summary.requests / seconds
   end
   local e = summary.errors
   local json = object({
      { "requests", number(summary.requests) },
      { "durationUs", number(summary.duration) },
      { "bytes", number(summary.bytes) },
      { "requestsPerSec", number(rate) },
      { "errors", object({
         { "connect", number(e.connect) },
         { "read", number(e.read) },
         { "write", number(e.write) },
         { "timeout", number(e.timeout) },
         { "status", number(e.status) },
      }) },
      { "latencyUs", object({
         { "min", number(latency.min) },
         { "mean", number(latency.mean) },
         { "stdev", number(latency.stdev) },
         { "p50", number(latency:percentile(50)) },
         { "p90", number(latency:percentile(90)) },
         { "p99", number(latency:percentile(99)) },
         { "p999", number(latency:percentile(99.9)) },
         { "max", number(latency.max) },
      }) },
      -- requests per second of each thread, sampled by wrk every 100 ms
      { "threadRequestsPerSec", object({
         { "mean", number(requests.mean) },
         { "stdev", number(requests.stdev) },
         { "max", number(requests.max) },
      }) },
   })

   local path = os.getenv("WRK_REPORT_JSON")
   if path == nil or path == "" then
      io.write(json, "\n")
      return
   end
   local file, err = io.open(path, "w")
   if file == nil then
      io.stderr:write("wrk-report.lua: cannot write ", path, ": ", tostring(err), "\n")
      os.exit(1)
   end
   file:write(json, "\n")
   file:close()
   local failed = e.connect + e.read + e.write + e.timeout + e.status
   io.write(string.format("%.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors or non-2xx answers\n",
      rate, latency:percentile(50) / 1000, latency:percentile(99) / 1000, failed))
end
