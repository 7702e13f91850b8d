-- wrk: POST /reports at taps near the roads (taps.lua, made by make_wrk_inputs.py), categories in turn.
local taps = dofile(os.getenv("WRK_INPUTS") .. "/taps.lua")
local categories = {"pothole", "crack", "rutting", "drainage", "marking", "sign", "lighting", "other"}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("WRK_TOKEN") or "")
request = function()
  i = i + 1
  local t = taps[i % #taps + 1]
  local body = string.format('{"lon":%.7f,"lat":%.7f,"category":"%s"}', t[1], t[2], categories[i % #categories + 1])
  return wrk.format(nil, "/reports", nil, body)
end
local statuses = {}
response = function(status) statuses[status] = (statuses[status] or 0) + 1 end
done = function()
  for s, n in pairs(statuses) do io.write(string.format("status %d: %d (thread-local sample)\n", s, n)) end
end
