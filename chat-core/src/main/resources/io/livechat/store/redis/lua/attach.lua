-- Attaches a conversation's visitor session to this node: records the lease and returns a snapshot to resume from.
-- Setting the lease before reading the snapshot means every message accepted later is published here, and every
-- message accepted earlier is in the snapshot: no window loses one (duplicates are dropped by seq).
-- KEYS: 1 conversation hash, 2 conversation log, 3 visitor lease
-- ARGV: 1 node id, 2 lease ttl seconds, 3 events to return
-- Returns an empty list for an unknown conversation, else {previousNode, seq, epoch, event...}
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {}
end
local old = redis.call('GET', KEYS[3]) or ''
redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[2])
local meta = redis.call('HMGET', KEYS[1], 'seq', 'epoch')
local seq = tonumber(meta[1] or '0')
local from = seq - tonumber(ARGV[3])
if from < 0 then from = 0 end
local out = {old, tostring(seq), meta[2] or ''}
for _, e in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. from, '+inf')) do
  out[#out + 1] = e
end
return out
