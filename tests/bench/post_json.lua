-- wrk: POST a JSON body with a bearer token (TOKEN and BENCH_PATH from the environment).
-- The requests are formatted once, at start, and cycled: wrk shares the cores with the server,
-- and building each request in Lua would take CPU from it.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local requests = {}
for i = 1, 1000 do
  requests[i] = wrk.format(nil, os.getenv("BENCH_PATH"), nil, '{"name":"bench-' .. i .. '"}')
end
local n = 0
request = function()
  n = n % #requests + 1
  return requests[n]
end
