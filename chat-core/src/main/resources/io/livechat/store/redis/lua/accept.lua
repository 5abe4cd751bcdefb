-- Accepts one chat message: idempotency check, sequence number, capped history, hand-off to the transcript stream
-- and the routing lookup, all in one atomic step on one conversation's keys (one hash tag). Assignment to an
-- agent, which spans conversations, is a separate call.
-- KEYS: 1 conv hash, 2 conv log, 3 conv ids, 4 visitor lease, 5 the shard's transcript stream
-- ARGV: 1 conversationId, 2 clientMsgId, 3 from, 4 senderId, 5 senderName, 6 text, 7 ts, 8 history cap,
--       9 ttl seconds, 10 event json prefix, 11 event json suffix, 12 agent id that must be assigned ('' for
--       visitor sends), 13 the event marker ('' for a chat message)
-- Returns {seq, duplicate (0/1), event ('' for a duplicate), visitorSid, visitorNode, agentId}
local conv, log, ids = KEYS[1], KEYS[2], KEYS[3]
local meta = redis.call('HMGET', conv, 'agent', 'visitor', 'site', 'status')
if not meta[2] then
  return redis.error_reply('NOCONV no such conversation')
end
local agent = meta[1] or ''
local visitor = meta[2]
local vnode = redis.call('GET', KEYS[4]) or ''
local existing = redis.call('HGET', ids, ARGV[2])
if existing then
  return {tonumber(existing), 1, '', visitor, vnode, agent}
end
if meta[4] == 'closed' and ARGV[3] == 'visitor' and ARGV[13] == '' then
  -- the visitor writes again after the agent closed: the conversation reopens and is assigned afresh (a rating
  -- belongs to the closing and leaves it closed)
  redis.call('HSET', conv, 'status', 'open', 'agent', '')
  agent = ''
end
if ARGV[12] ~= '' and agent ~= ARGV[12] then
  return redis.error_reply('NOTASSIGNED conversation not assigned to this agent')
end
local seq = redis.call('HINCRBY', conv, 'seq', 1)
local event = ARGV[10] .. seq .. ARGV[11]
redis.call('ZADD', log, seq, event)
local cap = tonumber(ARGV[8])
if seq > cap then
  redis.call('ZREMRANGEBYSCORE', log, '-inf', seq - cap)
end
redis.call('HSET', ids, ARGV[2], seq)
-- an idle conversation expires; renewing the TTL on every 32nd message is plenty for a TTL of days
if seq % 32 == 1 then
  redis.call('EXPIRE', conv, ARGV[9])
  redis.call('EXPIRE', log, ARGV[9])
  redis.call('EXPIRE', ids, ARGV[9])
end
redis.call('XADD', KEYS[5], '*', 'conv', ARGV[1], 'seq', seq, 'cmid', ARGV[2], 'from', ARGV[3],
    'sender', ARGV[4], 'sname', ARGV[5], 'text', ARGV[6], 'ts', ARGV[7], 'site', meta[3] or '',
    'visitor', visitor, 'agent', agent)
return {seq, 0, event, visitor, vnode, agent}
