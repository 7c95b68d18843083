-- wrk: end-to-end settlements. Reads "token trade_id" lines from ACCEPTS (delivered trades and
-- their buyers' tokens) and sends POST /api/v1/trades/{id}/accept once for each, the two threads
-- taking alternate lines. When a thread runs out it asks GET /healthz instead, and only the accepts
-- answered 200 are counted: done() prints "accepted N in S s" for the script to read.
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  pairs_ = {}
  local n = 0
  for line in io.lines(os.getenv("ACCEPTS")) do
    if n % 2 == id then
      local token, trade = line:match("^(%S+) (%S+)$")
      pairs_[#pairs_ + 1] = {token, trade}
    end
    n = n + 1
  end
  next_ = 0
  accepted = 0
  pending = {}
end

function request()
  next_ = next_ + 1
  local p = pairs_[next_]
  if p == nil then
    return wrk.format("GET", "/healthz", {})
  end
  return wrk.format("POST", "/api/v1/trades/" .. p[2] .. "/accept",
                    {["Authorization"] = "Bearer " .. p[1], ["Content-Type"] = "application/json"}, "{}")
end

function response(status, headers, body)
  if status == 200 and body:find('"status":"settled"', 1, true) then accepted = accepted + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("accepted") end
  io.write(string.format("accepted %d in %.3f s\n", total, summary.duration / 1e6))
end
