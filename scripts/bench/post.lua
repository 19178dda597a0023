-- wrk script for scripts/bench-server.sh: POSTs one JSON document and checks every answer.
--
-- Environment:
--   BODY_FILE      the request body (required); a file ending in `.jsonl` holds one body per
--                  line, posted in turn (each thread starting at its first)
--   EXPECT_STATUS  the only status accepted (default 200)
--   EXPECT_BODY    a substring every answer body must contain (optional)
--   RESULT_FILE    where `done` writes the figures as `key=value` lines (optional)
--
-- Every request is counted when it is written (`request`) and every answer when it arrives
-- (`response`): the difference is what was still in flight when wrk stopped (the server may
-- have committed those, so the script can bound the database's row count exactly).

local function read_file(path)
  local f = assert(io.open(path, "rb"), "cannot open BODY_FILE " .. tostring(path))
  local data = f:read("*a")
  f:close()
  return data
end

local body_file = assert(os.getenv("BODY_FILE"), "BODY_FILE is not set")
local body = read_file(body_file)
-- Several bodies, one per line, posted in turn.
local bodies = nil
if string.sub(body_file, -6) == ".jsonl" then
  bodies = {}
  for line in string.gmatch(body, "[^\n]+") do table.insert(bodies, line) end
  assert(#bodies > 0, "no body in " .. body_file)
  body = bodies[1]
end
local expect_status = tonumber(os.getenv("EXPECT_STATUS") or "200")
local expect_body = os.getenv("EXPECT_BODY")
if expect_body == "" then expect_body = nil end

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"

-- Per thread (each wrk thread has its own Lua state).
sent = 0
ok = 0
bad_status = 0
bad_body = 0
first_bad = ""

local prepared = nil
local prepared_each = {}

function request()
  sent = sent + 1
  if bodies then
    local i = (sent - 1) % #bodies + 1
    if prepared_each[i] == nil then
      prepared_each[i] = wrk.format(nil, nil, nil, bodies[i])
    end
    return prepared_each[i]
  end
  if prepared == nil then
    prepared = wrk.format()
  end
  return prepared
end

function response(status, headers, resp_body)
  if status ~= expect_status then
    bad_status = bad_status + 1
    if first_bad == "" then
      first_bad = tostring(status) .. " " .. string.sub(resp_body or "", 1, 300)
    end
  elseif expect_body and not string.find(resp_body or "", expect_body, 1, true) then
    bad_body = bad_body + 1
    if first_bad == "" then
      first_bad = tostring(status) .. " " .. string.sub(resp_body or "", 1, 300)
    end
  else
    ok = ok + 1
  end
end

-- Main state: keep the threads to read their counters in `done`.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local t_sent, t_ok, t_bad_status, t_bad_body, t_first = 0, 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    t_sent = t_sent + thread:get("sent")
    t_ok = t_ok + thread:get("ok")
    t_bad_status = t_bad_status + thread:get("bad_status")
    t_bad_body = t_bad_body + thread:get("bad_body")
    local fb = thread:get("first_bad")
    if t_first == "" and fb ~= "" then t_first = fb end
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local secs = summary.duration / 1e6
  local lines = {
    "requests=" .. summary.requests,
    "duration_s=" .. string.format("%.3f", secs),
    "rps=" .. string.format("%.1f", summary.requests / secs),
    "ok=" .. t_ok,
    "ok_rps=" .. string.format("%.1f", t_ok / secs),
    "sent=" .. t_sent,
    "in_flight=" .. (t_sent - t_ok - t_bad_status - t_bad_body),
    "bad_status=" .. t_bad_status,
    "bad_body=" .. t_bad_body,
    "socket_errors=" .. socket_errors,
    "timeouts=" .. e.timeout,
    "p50_ms=" .. string.format("%.2f", latency:percentile(50) / 1000),
    "p90_ms=" .. string.format("%.2f", latency:percentile(90) / 1000),
    "p99_ms=" .. string.format("%.2f", latency:percentile(99) / 1000),
    "max_ms=" .. string.format("%.2f", latency.max / 1000),
  }
  local out = table.concat(lines, "\n") .. "\n"
  io.write("--- post.lua\n" .. out)
  local path = os.getenv("RESULT_FILE")
  if path and path ~= "" then
    local f = assert(io.open(path, "w"))
    f:write(out)
    f:close()
  end
  if t_bad_status + t_bad_body + socket_errors > 0 then
    io.stderr:write(string.format(
      "post.lua: FAILED: %d answers with another status than %d, %d without %q, %d socket errors; first: %s\n",
      t_bad_status, expect_status, t_bad_body, tostring(expect_body), socket_errors, t_first))
  end
end
