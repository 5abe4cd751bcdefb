-- Creates a visitor session and its conversation atomically.
-- KEYS: 1 visitor session hash, 2 conversation hash
-- ARGV: 1 sid, 2 conversationId, 3 siteKey, 4 name, 5 email, 6 page, 7 now (ms), 8 ttl seconds, 9 referrer,
--       10 browser (User-Agent)
redis.call('HSET', KEYS[1], 'site', ARGV[3], 'conv', ARGV[2], 'name', ARGV[4], 'email', ARGV[5],
    'page', ARGV[6], 'created', ARGV[7], 'referrer', ARGV[9], 'browser', ARGV[10])
redis.call('HSET', KEYS[2], 'seq', 0, 'site', ARGV[3], 'visitor', ARGV[1], 'status', 'open',
    'created', ARGV[7], 'agent', '')
redis.call('EXPIRE', KEYS[1], ARGV[8])
redis.call('EXPIRE', KEYS[2], ARGV[8])
return 1
