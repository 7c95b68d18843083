-- wrk: POST a JSON body with a bearer token (TOKEN and PATH from the environment).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, os.getenv("BENCH_PATH"), nil, '{"name":"bench-' .. n .. '"}')
end
