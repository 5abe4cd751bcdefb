-- Re-creates a conversation that Redis lost, from what PostgreSQL holds: a new epoch, seq at PostgreSQL's highest
-- (so no seq is ever given twice), its state, and its newest messages in the log and the idempotency record.
-- Nothing happens when the conversation exists (restored by another node first, or never lost), unless ARGV 9 names
-- the seq it is expected at: then (a reseat) a conversation still at that seq keeps its state and gets a new epoch,
-- a seq of at least PostgreSQL's highest, and the log and idempotency record from PostgreSQL; one that moved on is
-- left alone.
-- KEYS: 1 conv hash, 2 conv log, 3 conv ids
-- ARGV: 1 ttl seconds, 2 epoch, 3 seq, 4 site, 5 visitor, 6 agent, 7 status, 8 created, 9 expected seq or '',
--       then per message: seq, clientMsgId, event json
-- Returns {created or reseated (0/1), epoch, seq}
if redis.call('EXISTS', KEYS[1]) == 1 then
  local meta = redis.call('HMGET', KEYS[1], 'epoch', 'seq')
  local seq = tonumber(meta[2] or '0')
  if ARGV[9] == '' or seq ~= tonumber(ARGV[9]) then
    return {0, meta[1] or '', seq}
  end
  redis.call('HSET', KEYS[1], 'seq', math.max(seq, tonumber(ARGV[3])), 'epoch', ARGV[2])
else
  redis.call('HSET', KEYS[1], 'seq', ARGV[3], 'epoch', ARGV[2], 'site', ARGV[4], 'visitor', ARGV[5],
      'agent', ARGV[6], 'status', ARGV[7], 'created', ARGV[8])
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3])
for i = 10, #ARGV, 3 do
  redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 2])
  redis.call('HSET', KEYS[3], ARGV[i + 1], ARGV[i])
end
if #ARGV >= 10 then
  redis.call('EXPIRE', KEYS[2], ARGV[1])
  redis.call('EXPIRE', KEYS[3], ARGV[1])
end
return {1, ARGV[2], tonumber(redis.call('HGET', KEYS[1], 'seq'))}
