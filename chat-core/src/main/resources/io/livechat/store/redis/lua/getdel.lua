-- Redeems a single-use ticket: returns its value and deletes it, in one step (GETDEL before Redis 6.2).
-- KEYS[1] the ticket's key
local v = redis.call('GET', KEYS[1])
if v then
  redis.call('DEL', KEYS[1])
end
return v
