-- wrk: GET every tile over the network in turn (paths from tiles.lua, made by make_wrk_inputs.py).
local paths = dofile(os.getenv("WRK_INPUTS") .. "/tiles.lua")
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
