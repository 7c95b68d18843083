-- wrk: durable order entry. Each request is a buy order on OFFER from one of the buyers in
-- TOKENS (comma-separated), so no single account's balance row serialises the run.
-- MODE=rest: bids below the seller's ask (they rest in the book: order entry alone).
-- MODE=cross: immediate-or-cancel buys at the ask (each fills: order, trade, escrow, contract).
local tokens = {}
for t in string.gmatch(os.getenv("TOKENS"), "[^,]+") do tokens[#tokens + 1] = t end
local offer = os.getenv("OFFER")
local cross = os.getenv("MODE") == "cross"
wrk.method = "POST"
-- Every combination of buyer and price, formatted once at start and cycled: wrk shares the cores
-- with the server, and building each request in Lua would take CPU from it.
local requests = {}
for i = 0, #tokens * 40 - 1 do
  local price = cross and 100 or (50 + i % 40)
  local tif = cross and "IOC" or "GTC"
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[i % #tokens + 1]}
  requests[#requests + 1] = wrk.format("POST", "/api/v1/orders", headers,
    '{"offer_id":"' .. offer .. '","side":"buy","price_fen":' .. price ..
    ',"quantity":1,"time_in_force":"' .. tif .. '","purpose":"research"}')
end
local n = 0
request = function()
  n = n % #requests + 1
  return requests[n]
end
