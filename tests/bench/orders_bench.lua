-- wrk: durable order entry. Each request is a buy order on OFFER from one of the buyers in
-- TOKENS (comma-separated), so no single account's balance row serialises the run.
-- MODE=rest: bids below the seller's ask (they rest in the book: order entry alone).
-- MODE=cross: immediate-or-cancel buys at the ask (each fills: order, trade, escrow, contract).
local tokens = {}
for t in string.gmatch(os.getenv("TOKENS"), "[^,]+") do tokens[#tokens + 1] = t end
local offer = os.getenv("OFFER")
local cross = os.getenv("MODE") == "cross"
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local price = cross and 100 or (50 + n % 40)
  local tif = cross and "IOC" or "GTC"
  wrk.headers["Authorization"] = "Bearer " .. tokens[n % #tokens + 1]
  return wrk.format(nil, "/api/v1/orders", nil,
    '{"offer_id":"' .. offer .. '","side":"buy","price_fen":' .. price ..
    ',"quantity":1,"time_in_force":"' .. tif .. '","purpose":"research"}')
end
