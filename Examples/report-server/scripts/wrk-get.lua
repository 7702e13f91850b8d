-- wrk: GET the paths of a Lua table file (WRK_PATHS, made by make_wrk_inputs.py), in turn.
local paths = dofile(os.getenv("WRK_PATHS"))
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[i % #paths + 1])
end
local statuses = {}
response = function(status) statuses[status] = (statuses[status] or 0) + 1 end
done = function()
  for s, n in pairs(statuses) do io.write(string.format("status %d: %d (thread-local sample)\n", s, n)) end
end
