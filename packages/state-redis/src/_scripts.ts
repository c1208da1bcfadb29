// Lua scripts: Redis runs each one atomically, so conditions, writes and the key index never race.
// Layout: the value lives in a hash at `<prefix>v:<key>` (fields `v`: JSON text, `ver`: version) with
// Redis's own expiry; a sorted set at `<prefix>keys` (all scores 0) indexes the keys for ordered `list`.

/** KEYS: value hash, index. ARGV: json, version, mode (`""`|`absent`|`version`), expected version, ttl ms (`""`: none, `keep`), key. */
export const SET = `
local mode = ARGV[3]
if mode == 'absent' then
  if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
elseif mode == 'version' then
  if redis.call('HGET', KEYS[1], 'ver') ~= ARGV[4] then return 0 end
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'ver', ARGV[2])
if ARGV[5] == '' then redis.call('PERSIST', KEYS[1])
elseif ARGV[5] ~= 'keep' then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
redis.call('ZADD', KEYS[2], 0, ARGV[6])
return 1
`;

/** KEYS: value hash, index. ARGV: expected version (`""`: any), key. */
export const DELETE = `
if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'ver') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
return 1
`;

/** KEYS: value hash, index. ARGV: by, version, ttl ms for a new key (`""`: none), key. Returns the new value as text. */
export const INCREMENT = `
local current = redis.call('HGET', KEYS[1], 'v')
local n = 0
if current then
  if not string.match(current, '^%-?%d+$') then return redis.error_reply('FNPORT_NOT_INTEGER') end
  n = tonumber(current)
  if n > 9007199254740991 or n < -9007199254740991 then return redis.error_reply('FNPORT_NOT_INTEGER') end
end
local next = n + tonumber(ARGV[1])
if next > 9007199254740991 or next < -9007199254740991 then return redis.error_reply('FNPORT_OVERFLOW') end
local text = string.format('%.0f', next)
redis.call('HSET', KEYS[1], 'v', text, 'ver', ARGV[2])
if not current and ARGV[3] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
redis.call('ZADD', KEYS[2], 0, ARGV[4])
return text
`;

/**
 * KEYS: index. ARGV: value key prefix, key prefix, cursor (`""`: from the start), limit.
 * Returns the live keys of the page, then "1" when more may follow or "0". Index entries of
 * expired keys are removed on the way. '\\255' ends the range: no UTF-8 key has a 0xFF byte.
 */
export const LIST = `
local valuePrefix, prefix, limit = ARGV[1], ARGV[2], tonumber(ARGV[4])
local min = ARGV[3] == '' and ('[' .. prefix) or ('(' .. ARGV[3])
local max = '[' .. prefix .. '\\255'
local keys = {}
while #keys < limit do
  local want = limit - #keys
  local batch = redis.call('ZRANGEBYLEX', KEYS[1], min, max, 'LIMIT', 0, want)
  for _, key in ipairs(batch) do
    if redis.call('EXISTS', valuePrefix .. key) == 1 then keys[#keys + 1] = key else redis.call('ZREM', KEYS[1], key) end
    min = '(' .. key
  end
  if #batch < want then
    keys[#keys + 1] = '0'
    return keys
  end
end
keys[#keys + 1] = #redis.call('ZRANGEBYLEX', KEYS[1], min, max, 'LIMIT', 0, 1) > 0 and '1' or '0'
return keys
`;
