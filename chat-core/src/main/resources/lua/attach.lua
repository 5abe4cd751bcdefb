-- Attaches a visitor session to this node: records session -> node and returns a snapshot to resume from.
-- Setting the registry before reading the snapshot means every message accepted later is published here,
-- and every message accepted earlier is in the snapshot: no window loses one (duplicates are dropped by seq).
-- KEYS: 1 visitor session hash, 2 visitor node key
-- ARGV: 1 node id, 2 registry ttl seconds, 3 events to return, 4 conv key prefix, 5 conv key suffix
-- Returns an empty list for an unknown session, else {conv, site, name, previousNode, seq, event...}
local conv = redis.call('HGET', KEYS[1], 'conv')
if not conv then
  return {}
end
local site = redis.call('HGET', KEYS[1], 'site')
local name = redis.call('HGET', KEYS[1], 'name') or ''
local old = redis.call('GET', KEYS[2]) or ''
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
local ck = ARGV[4] .. conv .. ARGV[5]
local seq = tonumber(redis.call('HGET', ck, 'seq') or '0')
local from = seq - tonumber(ARGV[3])
if from < 0 then from = 0 end
local out = {conv, site, name, old, tostring(seq)}
for _, e in ipairs(redis.call('ZRANGEBYSCORE', ck .. ':log', '(' .. from, '+inf')) do
  out[#out + 1] = e
end
return out
