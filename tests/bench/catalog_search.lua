-- wrk: catalogue searches, each connection cycling through the list below (as written, before
-- percent-encoding; catalog_bench.sh reads the same lines to check that each one finds products).
local paths = {
  "/api/v1/catalog?q=交通&limit=20",
  "/api/v1/catalog?q=医疗&limit=20",
  "/api/v1/catalog?q=气象&limit=20",
  "/api/v1/catalog?q=支付&limit=20",
  "/api/v1/catalog?q=电力&limit=20",
  "/api/v1/catalog?q=零售&limit=20",
  "/api/v1/catalog?q=taxi&limit=20",
  "/api/v1/catalog?q=hospital&limit=20",
  "/api/v1/catalog?q=rainfall&limit=20",
  "/api/v1/catalog?q=electricity&limit=20",
  "/api/v1/catalog?q=出租车&category=transport&limit=20",
  "/api/v1/catalog?q=门诊&category=health.medical&limit=20",
  "/api/v1/catalog?q=统计&category=finance.credit&limit=20",
  "/api/v1/catalog?q=monthly&category=retail.consumer&limit=20",
  "/api/v1/catalog?category=finance&limit=20",
  "/api/v1/catalog?category=weather.observations&limit=20",
  "/api/v1/catalog?category=transport&limit=20",
}

local function encode(path)
  return (path:gsub("[^%w%-%._~%?&=/]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local requests = {}
for i, p in ipairs(paths) do requests[i] = wrk.format("GET", encode(p)) end

-- Each thread starts at a different place in the list.
local n = 0
setup = function(thread)
  n = n + 1
  thread:set("start", n * 7)
end

local i = nil
request = function()
  i = ((i or start or 0) % #requests) + 1
  return requests[i]
end
