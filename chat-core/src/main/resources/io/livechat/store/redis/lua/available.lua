-- How many agents are available now: in the load set with a live desk lease. An agent whose node died stays in
-- the load set until an assignment passes over it, and must not be counted meanwhile.
-- KEYS: 1 leases zset, 2 load zset
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = 0
for _, agent in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  if tonumber(redis.call('ZSCORE', KEYS[1], agent) or '0') > now then
    n = n + 1
  end
end
return n
