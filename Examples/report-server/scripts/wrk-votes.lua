-- wrk: POST /reports/{id}/vote on seeded reports 1..WRK_REPORTS (random, seeded per thread), +1 or -1.
local n = tonumber(os.getenv("WRK_REPORTS") or "1000")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("WRK_TOKEN") or "")
local i = 0
request = function()
  i = i + 1
  local id = math.random(1, n)
  local value = (i % 2 == 0) and 1 or -1
  return wrk.format(nil, "/reports/" .. id .. "/vote", nil, string.format('{"value":%d}', value))
end
local statuses = {}
response = function(status) statuses[status] = (statuses[status] or 0) + 1 end
done = function()
  for s, n in pairs(statuses) do io.write(string.format("status %d: %d (thread-local sample)\n", s, n)) end
end
