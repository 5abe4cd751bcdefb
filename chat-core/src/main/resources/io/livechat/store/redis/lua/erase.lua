-- Erases one conversation (privacy erasure, retention purge): its hash, log, client ids and visitor lease, and its
-- entries in the shard's transcript stream that no writer has stored yet (read in chunks, deleted by id). An entry
-- already delivered to a writer stays in that writer's pending list and is read back with no fields.
-- KEYS: 1 conv hash, 2 conv log, 3 conv ids, 4 visitor lease, 5 the shard's transcript stream
-- ARGV: 1 conversationId, 2 how its events begin (MessageJson.prefix): an entry in the compact form (HandoffEntry)
--       is the event itself in field 'e'; one in the older form names the conversation in field 'conv'
-- Returns the number of keys and stream entries removed.
local removed = redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
local from = '-'
while true do
  local chunk = redis.call('XRANGE', KEYS[5], from, '+', 'COUNT', 500)
  if #chunk == 0 then
    break
  end
  local doomed = {}
  for _, entry in ipairs(chunk) do
    local fields = entry[2]
    for i = 1, #fields, 2 do
      local name, value = fields[i], fields[i + 1]
      if name == 'e' or name == 'conv' then
        if (name == 'e' and string.sub(value, 1, #ARGV[2]) == ARGV[2]) or (name == 'conv' and value == ARGV[1]) then
          doomed[#doomed + 1] = entry[1]
        end
        break
      end
    end
  end
  if #doomed > 0 then
    removed = removed + redis.call('XDEL', KEYS[5], unpack(doomed))
  end
  if #chunk < 500 then
    break
  end
  from = '(' .. chunk[#chunk][1]
end
return removed
