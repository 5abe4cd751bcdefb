-- Accepts one chat message: idempotency check, sequence number, capped history, hand-off to the transcript stream
-- and the routing lookup, all in one atomic step on one conversation's keys (one hash tag). Assignment to an
-- agent, which spans conversations, is a separate call.
-- KEYS: 1 conv hash, 2 conv log, 3 conv ids, 4 visitor lease, 5 the shard's transcript stream
-- ARGV: 1 clientMsgId, 2 from, 3 history cap, 4 ttl seconds, 5 event json prefix, 6 event json suffix (the event
--       holds everything else about the message: conversation, sender, text, time), 7 agent id that must be
--       assigned ('' for visitor sends), 8 the event marker ('' for a chat message)
-- Returns {seq, duplicate (0/1), event ('' for a duplicate), visitorSid, visitorNode, agentId}
local conv, log, ids = KEYS[1], KEYS[2], KEYS[3]
local meta = redis.call('HMGET', conv, 'agent', 'visitor', 'site', 'status')
if not meta[2] then
  return redis.error_reply('NOCONV no such conversation')
end
local agent = meta[1] or ''
local visitor = meta[2]
local vnode = redis.call('GET', KEYS[4]) or ''
local existing = redis.call('HGET', ids, ARGV[1])
if existing then
  return {tonumber(existing), 1, '', visitor, vnode, agent}
end
if meta[4] == 'closed' and ARGV[2] == 'visitor' and ARGV[8] == '' then
  -- the visitor writes again after the agent closed: the conversation reopens and is assigned afresh (a rating
  -- belongs to the closing and leaves it closed)
  redis.call('HSET', conv, 'status', 'open', 'agent', '')
  agent = ''
end
if ARGV[7] ~= '' and agent ~= ARGV[7] then
  return redis.error_reply('NOTASSIGNED conversation not assigned to this agent')
end
local seq = redis.call('HINCRBY', conv, 'seq', 1)
local event = ARGV[5] .. seq .. ARGV[6]
redis.call('ZADD', log, seq, event)
local cap = tonumber(ARGV[3])
if seq > cap then
  redis.call('ZREMRANGEBYSCORE', log, '-inf', seq - cap)
end
redis.call('HSET', ids, ARGV[1], seq)
-- an idle conversation expires; renewing the TTL on every 32nd message is plenty for a TTL of days
if seq % 32 == 1 then
  redis.call('EXPIRE', conv, ARGV[4])
  redis.call('EXPIRE', log, ARGV[4])
  redis.call('EXPIRE', ids, ARGV[4])
end
-- the hand-off in its compact form (HandoffEntry): the event as clients get it, and what it does not say
redis.call('XADD', KEYS[5], '*', 'e', event, 'r', (meta[3] or '') .. '\n' .. visitor .. '\n' .. agent)
return {seq, 0, event, visitor, vnode, agent}
