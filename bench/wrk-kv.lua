-- bench/wrk-kv.lua - wrk loads on the keyspace: random-key puts, random-key gets, or puts to one key
-- (bench/README.md, item 9), with wrk's figures as one JSON object from bench/wrk-report.lua.
--
--   KV_MODE=put KV_KEYS=10000 KV_VALUE_BYTES=100 WRK_REPORT_JSON=put.json \
--       wrk -t2 -c16 -d5s --latency -s bench/wrk-kv.lua http://127.0.0.1:27351
--
-- KV_MODE: "put" (POST /kv/put {"key":K,"value":V} with a random key of KV_KEYS), "get"
-- (GET /kv/get/K with a random key), or "put-one" (POST /kv/put to the key KV_ONE_KEY, default
-- "bench-one", always the same). Keys are KV_PREFIX (default "bench-") and a zero-padded number
-- from 0 to KV_KEYS - 1, as dev.distcounter.bench.KvLoad preloads them. Values are KV_VALUE_BYTES
-- (default 100) ASCII letters.
--
-- This script defines request(), so wrk calls into Lua for every request and leaves its fast path
-- (a little slower than the plain loads of items 1-3). It defines no response(): answers with a
-- status of 400 or more (a 503 quorum failure, a 404 for a key that should exist) are counted by
-- wrk itself, in errors.status of the JSON, and the report holds them against the load.

local mode = os.getenv("KV_MODE") or "put"
local keys = tonumber(os.getenv("KV_KEYS") or "10000")
local value_bytes = tonumber(os.getenv("KV_VALUE_BYTES") or "100")
local prefix = os.getenv("KV_PREFIX") or "bench-"
local one_key = os.getenv("KV_ONE_KEY") or "bench-one"

if mode ~= "put" and mode ~= "get" and mode ~= "put-one" then
   io.stderr:write("wrk-kv.lua: KV_MODE must be put, get or put-one, not ", mode, "\n")
   os.exit(2)
end

-- done() and the JSON it writes, shared with the plain loads
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk-report.lua")

local digits = string.len(tostring(keys - 1))
local key_format = prefix .. "%0" .. digits .. "d"
local headers = { ["Content-Type"] = "application/json" }

-- every thread its own seed, so that two threads do not walk the same keys in step
local thread_number = 0
function setup(thread)
   thread_number = thread_number + 1
   thread:set("number", thread_number)
end

local value
function init(args)
   math.randomseed(os.time() * 1000 + (tonumber(wrk.thread:get("number")) or 0))
   value = string.rep("v", value_bytes)
end

local function body(key)
   return '{"key":"' .. key .. '","value":"' .. value .. '"}'
end

if mode == "get" then
   request = function()
      return wrk.format("GET", "/kv/get/" .. string.format(key_format, math.random(0, keys - 1)))
   end
elseif mode == "put" then
   request = function()
      return wrk.format("POST", "/kv/put", headers, body(string.format(key_format, math.random(0, keys - 1))))
   end
else
   request = function()
      return wrk.format("POST", "/kv/put", headers, body(one_key))
   end
end
