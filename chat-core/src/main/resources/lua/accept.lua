-- Accepts one chat message: idempotency check, sequence number, capped history, assignment of a new
-- conversation, hand-off to the transcript stream, and the routing lookup, all in one atomic step.
-- KEYS: 1 conv hash, 2 conv log, 3 conv ids, 4 transcript stream, 5 online agents zset, 6 waiting queue zset
-- ARGV: 1 conversationId, 2 clientMsgId, 3 from, 4 senderId, 5 senderName, 6 text, 7 ts, 8 history cap,
--       9 ttl seconds, 10 event json prefix, 11 event json suffix, 12 visitor key prefix, 13 agent key prefix,
--       14 node suffix, 15 agent id that must be assigned ('' for visitor sends)
-- Returns {seq, 1} for a duplicate, else {seq, 0, event, visitorSid, visitorNode, agentId, agentNode, assigned}
local conv, log, ids = KEYS[1], KEYS[2], KEYS[3]
local existing = redis.call('HGET', ids, ARGV[2])
if existing then
  return {tonumber(existing), 1}
end
local meta = redis.call('HMGET', conv, 'agent', 'visitor', 'site', 'status')
if not meta[2] then
  return redis.error_reply('NOCONV no such conversation')
end
local agent = meta[1] or ''
local visitor = meta[2] or ''
local site = meta[3] or ''
if meta[4] == 'closed' and ARGV[3] == 'visitor' then
  -- the visitor writes again after the agent closed: the conversation reopens and is assigned afresh
  redis.call('HSET', conv, 'status', 'open', 'agent', '')
  agent = ''
end
if ARGV[15] ~= '' and agent ~= ARGV[15] then
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
local assigned = 0
if agent == '' and ARGV[3] == 'visitor' then
  for _, candidate in ipairs(redis.call('ZRANGE', KEYS[5], 0, -1)) do
    if redis.call('EXISTS', ARGV[13] .. candidate .. ARGV[14]) == 1 then
      agent = candidate
      break
    end
    redis.call('ZREM', KEYS[5], candidate)
  end
  if agent ~= '' then
    redis.call('HSET', conv, 'agent', agent)
    redis.call('ZINCRBY', KEYS[5], 1, agent)
    redis.call('SADD', ARGV[13] .. agent .. ':convs', ARGV[1])
    redis.call('ZREM', KEYS[6], ARGV[1])
    assigned = 1
  else
    redis.call('ZADD', KEYS[6], 'NX', ARGV[7], ARGV[1])
  end
end
redis.call('XADD', KEYS[4], '*', 'conv', ARGV[1], 'seq', seq, 'cmid', ARGV[2], 'from', ARGV[3],
    'sender', ARGV[4], 'sname', ARGV[5], 'text', ARGV[6], 'ts', ARGV[7], 'site', site, 'visitor', visitor,
    'agent', agent)
local vnode = redis.call('GET', ARGV[12] .. visitor .. ARGV[14]) or ''
local anode = ''
if agent ~= '' then
  anode = redis.call('GET', ARGV[13] .. agent .. ARGV[14]) or ''
end
return {seq, 0, event, visitor, vnode, agent, anode, assigned}
