-- Writes a hash and its time to live in one step (a new conversation, a new visitor session).
-- KEYS: 1 the hash; ARGV: 1 ttl seconds, then field, value, field, value...
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
