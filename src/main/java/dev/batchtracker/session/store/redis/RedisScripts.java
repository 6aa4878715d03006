package dev.batchtracker.session.store.redis;

/**
 * Every multi-key step of the Redis store, each one Lua script so Redis runs it atomically: a write either happens
 * whole (header, nodes, indexes, totals) or not at all, and its version check and the write are one step.
 * <p>
 * The scripts know nothing of the transition table: the Java side tells them whether a session is running (for
 * the stale index) and its finished duration (for the average), and the status names are only index suffixes.
 * Times come in twice: as 19-digit epoch nanoseconds, which compare exactly as strings, and as epoch
 * milliseconds, the scores of the sorted-set indexes.
 * <p>
 * Per-session key names are built here from the prefix (ARGV[1]) following {@link RedisKeys}; that is fine on a
 * single Redis server or a primary with replicas, and is why Redis Cluster is not supported.
 * <p>
 * Scripts never return Lua {@code false} for "absent" (a RESP3 client would see a boolean, a RESP2 client a
 * nil); they return '' or 0, the same under both protocols.
 * <p>
 * Sizes kept in {@code sz} and {@code totals.bytes} are an estimate: string lengths plus a fixed allowance per
 * hash, index entry and node (Redis' own per-entry overhead), not a measurement.
 */
final class RedisScripts {

    private RedisScripts() {
    }

    /** Shared prologue: the allowances behind the size estimate, and how a node value's status is read. */
    private static final String COMMON = """
            local HEADER_BYTES = 900
            local NODE_BYTES = 120
            local LABEL_BYTES = 100
            local function node_status(value)
              return string.match(value, '^([^|]+)|')
            end
            local function node_bytes(node, value)
              return NODE_BYTES + 3 * #node + #value
            end
            local function terminal(status)
              return status == 'COMPLETED' or status == 'FAILED'
            end
            -- A session's finish, as 'duration ms:finished ms' ('' while unfinished): counted in the totals,
            -- indexed by finish time for analytics.
            local function finish(p, id, arg)
              local dur, fin = string.match(arg, '^(%d+):(%d+)$')
              redis.call('HINCRBY', p .. 'totals', 'finished', 1)
              redis.call('HINCRBY', p .. 'totals', 'finished_ms', dur)
              redis.call('ZADD', p .. 'idx:fin', fin, id)
              return dur
            end
            -- A node newly terminal with both times adds one to its execution-time bucket (the analytics histogram).
            local function time_node(p, id, old, bucket)
              if bucket ~= '' and not (old and terminal(node_status(old))) then
                redis.call('HINCRBY', p .. 'ax:' .. id, bucket, 1)
              end
            end
            """;

    /**
     * ARGV: 1 prefix, 2 id, 3 idempotency key or '', 4 doc, 5 groups or '', 6 version, 7 status, 8 exp nanos,
     * 9 exp ms, 10 act nanos, 11 act ms, 12 creation key, 13 running '1'|'0', 14 'duration ms:finished ms' or '',
     * 15 canvas path, 16 finish ms when compactable (finished, not compacted) or '', 17 label count n, 18..17+2n
     * pairs of label key and value, then triples of node id, node value and execution-time bucket (or '').
     * Returns {'inserted'}, or {'taken', holder id, doc, groups, v, exp, act} when the key is held.
     */
    static final LuaScript INSERT = LuaScript.of("insert", COMMON + """
            local p, id = ARGV[1], ARGV[2]
            local skey = p .. 's:' .. id
            if redis.call('EXISTS', skey) == 1 then
              return redis.error_reply('ERR session ' .. id .. ' is already stored')
            end
            if ARGV[3] ~= '' then
              local ikey = p .. 'idem:' .. ARGV[3]
              local holder = redis.call('GET', ikey)
              if holder then
                local held = redis.call('HMGET', p .. 's:' .. holder, 'doc', 'groups', 'v', 'exp', 'act')
                if held[1] then
                  return {'taken', holder, held[1], held[2] or '', held[3], held[4], held[5]}
                end
              end
              redis.call('SET', ikey, id)
            end
            local size = HEADER_BYTES + #ARGV[4] + #ARGV[5] + 2 * #ARGV[12] + #ARGV[3]
            local ck, cp = ARGV[12], ARGV[15]
            local labelsEnd = 17 + 2 * tonumber(ARGV[17])
            if labelsEnd > 17 then
              local lv = {}
              for i = 18, labelsEnd, 2 do
                lv[#lv + 1] = ARGV[i]
                lv[#lv + 1] = ARGV[i + 1]
                redis.call('ZADD', p .. 'idx:lv:' .. ARGV[i] .. '=' .. ARGV[i + 1], 0, ck)
                redis.call('ZADD', p .. 'idx:lk:' .. ARGV[i], 0, ck)
                size = size + LABEL_BYTES + 3 * (#ARGV[i] + #ck) + 2 * #ARGV[i + 1]
              end
              redis.call('HSET', p .. 'lb:' .. id, unpack(lv))
            end
            redis.call('ZADD', p .. 'idx:canvas', 0, cp .. '|' .. ck)
            size = size + #cp + #ck
            local nkey, nidx = p .. 'n:' .. id, p .. 'ni:' .. id
            local hv, zv = {}, {}
            for i = labelsEnd + 1, #ARGV, 3 do
              local node, value = ARGV[i], ARGV[i + 1]
              time_node(p, id, nil, ARGV[i + 2])
              hv[#hv + 1] = node
              hv[#hv + 1] = value
              zv[#zv + 1] = 0
              zv[#zv + 1] = 'a:' .. node
              zv[#zv + 1] = 0
              zv[#zv + 1] = 's:' .. node_status(value) .. ':' .. node
              size = size + node_bytes(node, value)
              if #hv >= 1000 then
                redis.call('HSET', nkey, unpack(hv))
                redis.call('ZADD', nidx, unpack(zv))
                hv, zv = {}, {}
              end
            end
            if #hv > 0 then
              redis.call('HSET', nkey, unpack(hv))
              redis.call('ZADD', nidx, unpack(zv))
            end
            local fields = {'doc', ARGV[4], 'v', ARGV[6], 'st', ARGV[7], 'exp', ARGV[8], 'act', ARGV[10],
              'ck', ARGV[12], 'cp', cp, 'sz', size}
            if ARGV[5] ~= '' then
              fields[#fields + 1] = 'groups'; fields[#fields + 1] = ARGV[5]
              fields[#fields + 1] = 'g'; fields[#fields + 1] = '1'
            end
            if ARGV[3] ~= '' then
              fields[#fields + 1] = 'idem'; fields[#fields + 1] = ARGV[3]
            end
            if ARGV[16] ~= '' then
              redis.call('ZADD', p .. 'idx:cmp', ARGV[16], id)
            end
            if ARGV[14] ~= '' then
              fields[#fields + 1] = 'dur'; fields[#fields + 1] = finish(p, id, ARGV[14])
            end
            redis.call('HSET', skey, unpack(fields))
            redis.call('ZADD', p .. 'idx:exp', ARGV[9], id)
            redis.call('ZADD', p .. 'idx:created', 0, ARGV[12])
            redis.call('ZADD', p .. 'idx:created:' .. ARGV[7], 0, ARGV[12])
            if ARGV[13] == '1' then
              redis.call('ZADD', p .. 'idx:active', ARGV[11], id)
            end
            redis.call('HINCRBY', p .. 'totals', 'created', 1)
            redis.call('HINCRBY', p .. 'totals', 'bytes', size)
            redis.call('ZADD', p .. 'idx:chg', redis.call('INCR', p .. 'chg:seq'), id)
            return {'inserted'}
            """);

    /**
     * Compare-and-set of the header, with the upserts of the write's nodes in the same step.
     * ARGV: 1 prefix, 2 id, 3 expected version, 4 next version, 5 status, 6 doc, 7 exp nanos, 8 exp ms,
     * 9 act nanos, 10 act ms, 11 running '1'|'0', 12 'duration ms:finished ms' or '', 13 finish ms when
     * compactable (finished, not compacted) or '', 14.. triples of node id, value and execution-time bucket (or '').
     * Returns 1 when written, 0 when the session is absent or its version moved on.
     */
    static final LuaScript UPDATE = LuaScript.of("update", COMMON + """
            local p, id = ARGV[1], ARGV[2]
            local skey = p .. 's:' .. id
            local cur = redis.call('HMGET', skey, 'v', 'st', 'ck', 'sz', 'doc', 'dur', 'cpt')
            if not cur[1] or cur[1] ~= ARGV[3] then
              return 0
            end
            local before = tonumber(cur[4])
            local size = before - #cur[5] + #ARGV[6]
            local fields = {'doc', ARGV[6], 'v', ARGV[4], 'st', ARGV[5], 'exp', ARGV[7], 'act', ARGV[9]}
            if cur[2] ~= ARGV[5] then
              redis.call('ZREM', p .. 'idx:created:' .. cur[2], cur[3])
              redis.call('ZADD', p .. 'idx:created:' .. ARGV[5], 0, cur[3])
            end
            if ARGV[11] == '1' then
              redis.call('ZADD', p .. 'idx:active', ARGV[10], id)
            else
              redis.call('ZREM', p .. 'idx:active', id)
            end
            redis.call('ZADD', p .. 'idx:exp', ARGV[8], id)
            if ARGV[12] ~= '' and not cur[6] then
              fields[#fields + 1] = 'dur'; fields[#fields + 1] = finish(p, id, ARGV[12])
            end
            if ARGV[13] ~= '' and not cur[7] then
              redis.call('ZADD', p .. 'idx:cmp', ARGV[13], id)
            end
            local nkey, nidx = p .. 'n:' .. id, p .. 'ni:' .. id
            for i = 14, #ARGV, 3 do
              local node, value = ARGV[i], ARGV[i + 1]
              local old = redis.call('HGET', nkey, node)
              time_node(p, id, old, ARGV[i + 2])
              if old then
                redis.call('ZREM', nidx, 's:' .. node_status(old) .. ':' .. node)
                size = size - node_bytes(node, old)
              else
                redis.call('ZADD', nidx, 0, 'a:' .. node)
              end
              redis.call('HSET', nkey, node, value)
              redis.call('ZADD', nidx, 0, 's:' .. node_status(value) .. ':' .. node)
              size = size + node_bytes(node, value)
            end
            fields[#fields + 1] = 'sz'; fields[#fields + 1] = size
            redis.call('HSET', skey, unpack(fields))
            redis.call('HINCRBY', p .. 'totals', 'bytes', size - before)
            redis.call('ZADD', p .. 'idx:chg', redis.call('INCR', p .. 'chg:seq'), id)
            return 1
            """);

    /**
     * Activity without a versioned change.
     * ARGV: 1 prefix, 2 id, 3 expected version, 4 exp nanos, 5 exp ms, 6 act nanos, 7 act ms. Returns 1 or 0.
     */
    static final LuaScript TOUCH = LuaScript.of("touch", """
            local p, id = ARGV[1], ARGV[2]
            local skey = p .. 's:' .. id
            local v = redis.call('HGET', skey, 'v')
            if not v or v ~= ARGV[3] then
              return 0
            end
            redis.call('HSET', skey, 'exp', ARGV[4], 'act', ARGV[6])
            redis.call('ZADD', p .. 'idx:exp', ARGV[5], id)
            if redis.call('ZSCORE', p .. 'idx:active', id) then
              redis.call('ZADD', p .. 'idx:active', ARGV[7], id)
            end
            return 1
            """);

    /**
     * Removes a session, its nodes and index entries, leaves a tombstone and counts the removal, in one step.
     * With ARGV[5] = '1' it removes only a session expired at ARGV[4], so among instances cleaning up at once
     * exactly one removes (and counts) it.
     * ARGV: 1 prefix, 2 id, 3 reason, 4 now nanos, 5 only if expired '1'|'0', 6 keep-until nanos, 7 keep-until ms.
     * Returns {doc, groups, v, exp, act} of the removed session, or 0 when it removed nothing.
     */
    static final LuaScript REMOVE = LuaScript.of("remove", """
            local p, id = ARGV[1], ARGV[2]
            local skey = p .. 's:' .. id
            local f = redis.call('HMGET', skey, 'doc', 'groups', 'v', 'exp', 'act', 'idem', 'ck', 'st', 'sz', 'dur',
              'cp')
            if not f[1] then
              return 0
            end
            if ARGV[5] == '1' and f[4] > ARGV[4] then
              return 0
            end
            local lkey = p .. 'lb:' .. id
            local labels = redis.call('HGETALL', lkey)
            for i = 1, #labels, 2 do
              redis.call('ZREM', p .. 'idx:lv:' .. labels[i] .. '=' .. labels[i + 1], f[7])
              redis.call('ZREM', p .. 'idx:lk:' .. labels[i], f[7])
            end
            if f[11] then
              redis.call('ZREM', p .. 'idx:canvas', f[11] .. '|' .. f[7])
            end
            redis.call('UNLINK', skey, p .. 'n:' .. id, p .. 'ni:' .. id, lkey, p .. 'ax:' .. id)
            redis.call('ZREM', p .. 'idx:exp', id)
            redis.call('ZREM', p .. 'idx:fin', id)
            redis.call('ZREM', p .. 'idx:cmp', id)
            redis.call('ZREM', p .. 'idx:created', f[7])
            redis.call('ZREM', p .. 'idx:created:' .. f[8], f[7])
            redis.call('ZREM', p .. 'idx:active', id)
            if f[6] then
              local ikey = p .. 'idem:' .. f[6]
              if redis.call('GET', ikey) == id then
                redis.call('DEL', ikey)
              end
            end
            redis.call('HSET', p .. 't:' .. id, 'r', ARGV[3], 'at', ARGV[4], 'until', ARGV[6])
            redis.call('ZADD', p .. 'idx:tomb', ARGV[7], id)
            redis.call('ZREM', p .. 'idx:chg', id)
            redis.call('ZADD', p .. 'idx:chg:tomb', redis.call('INCR', p .. 'chg:seq'), id)
            redis.call('HINCRBY', p .. 'totals', 'removed:' .. ARGV[3], 1)
            redis.call('HINCRBY', p .. 'totals', 'bytes', -tonumber(f[9]))
            if f[10] then
              redis.call('HINCRBY', p .. 'totals', 'finished', -1)
              redis.call('HINCRBY', p .. 'totals', 'finished_ms', -tonumber(f[10]))
            end
            return {f[1], f[2] or '', f[3], f[4], f[5]}
            """);

    /**
     * Compacts a session: writes the compacted header and node values made from version ARGV[3], only while that
     * version is stored and no one compacted it meanwhile, and counts it; so of instances racing for one session
     * exactly one compacts (and counts) it. No change sequence: it is no versioned change. Node statuses stay, so
     * the node index does too.
     * ARGV: 1 prefix, 2 id, 3 version the values were made from, 4 compacted doc, 5 compacted-at nanos, 6.. pairs of
     * node id and compacted value (only the nodes that change).
     * Returns 1 when compacted, 0 when absent or already compacted, -1 when the version moved on.
     */
    static final LuaScript COMPACT = LuaScript.of("compact", COMMON + """
            local p, id = ARGV[1], ARGV[2]
            local skey = p .. 's:' .. id
            local cur = redis.call('HMGET', skey, 'v', 'cpt', 'sz', 'doc')
            if not cur[1] or cur[2] then
              return 0
            end
            if cur[1] ~= ARGV[3] then
              return -1
            end
            local before = tonumber(cur[3])
            local size = before - #cur[4] + #ARGV[4]
            local nkey = p .. 'n:' .. id
            for i = 6, #ARGV, 2 do
              local node, value = ARGV[i], ARGV[i + 1]
              local old = redis.call('HGET', nkey, node)
              if old then
                size = size - node_bytes(node, old) + node_bytes(node, value)
                redis.call('HSET', nkey, node, value)
              end
            end
            redis.call('HSET', skey, 'doc', ARGV[4], 'cpt', ARGV[5], 'sz', size)
            redis.call('ZREM', p .. 'idx:cmp', id)
            redis.call('HINCRBY', p .. 'totals', 'bytes', size - before)
            redis.call('HINCRBY', p .. 'totals', 'compacted', 1)
            return 1
            """);

    /**
     * ARGV: 1 prefix, 2 now nanos, 3 now ms, 4 limit. Returns how many tombstones were dropped; raises the change
     * feed's floor to the highest change sequence among them.
     */
    static final LuaScript PURGE_TOMBSTONES = LuaScript.of("purge-tombstones", """
            local p = ARGV[1]
            local index, changes = p .. 'idx:tomb', p .. 'idx:chg:tomb'
            local ids = redis.call('ZRANGEBYSCORE', index, '-inf', ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]))
            local purged, highest = 0, 0
            for _, id in ipairs(ids) do
              local tkey = p .. 't:' .. id
              local keepUntil = redis.call('HGET', tkey, 'until')
              if not keepUntil or keepUntil <= ARGV[2] then
                local seq = tonumber(redis.call('ZSCORE', changes, id) or '0')
                if seq > highest then
                  highest = seq
                end
                redis.call('ZREM', changes, id)
                redis.call('ZREM', index, id)
                if keepUntil then
                  redis.call('DEL', tkey)
                  purged = purged + 1
                end
              end
            end
            if highest > tonumber(redis.call('GET', p .. 'chg:floor') or '0') then
              redis.call('SET', p .. 'chg:floor', highest)
            end
            return purged
            """);

    /**
     * One page of the change feed, read in one step: what is numbered is written (scripts run one at a time), so
     * the horizon is the counter itself.
     * ARGV: 1 prefix, 2 after (exclusive), 3 count.
     * Returns horizon, floor, the number of sessions n, then per session id, seq, doc, v, exp, act, g, then per
     * tombstone id, seq, reason, at nanos, until nanos.
     */
    static final LuaScript CHANGES = LuaScript.of("changes", """
            local p = ARGV[1]
            local out = {redis.call('GET', p .. 'chg:seq') or '0', redis.call('GET', p .. 'chg:floor') or '0'}
            local min, count = '(' .. ARGV[2], tonumber(ARGV[3])
            local ids = redis.call('ZRANGEBYSCORE', p .. 'idx:chg', min, '+inf', 'WITHSCORES', 'LIMIT', 0, count)
            out[#out + 1] = tostring(#ids / 2)
            for i = 1, #ids, 2 do
              local f = redis.call('HMGET', p .. 's:' .. ids[i], 'doc', 'v', 'exp', 'act', 'g')
              out[#out + 1] = ids[i]
              out[#out + 1] = ids[i + 1]
              for j = 1, 5 do
                out[#out + 1] = f[j] or ''
              end
            end
            local tids = redis.call('ZRANGEBYSCORE', p .. 'idx:chg:tomb', min, '+inf', 'WITHSCORES', 'LIMIT', 0, count)
            for i = 1, #tids, 2 do
              local f = redis.call('HMGET', p .. 't:' .. tids[i], 'r', 'at', 'until')
              out[#out + 1] = tids[i]
              out[#out + 1] = tids[i + 1]
              for j = 1, 3 do
                out[#out + 1] = f[j] or ''
              end
            end
            return out
            """);

    /**
     * One page of a session's node index with the values, read in one step.
     * ARGV: 1 prefix, 2 id, 3 lex min, 4 lex max, 5 count, 6 length of the member prefix.
     * Returns node id, value pairs in node id order.
     */
    static final LuaScript NODE_PAGE = LuaScript.of("node-page", """
            local p, id = ARGV[1], ARGV[2]
            local members = redis.call('ZRANGEBYLEX', p .. 'ni:' .. id, ARGV[3], ARGV[4], 'LIMIT', 0, tonumber(ARGV[5]))
            local nkey = p .. 'n:' .. id
            local skip = tonumber(ARGV[6])
            local out = {}
            for _, member in ipairs(members) do
              local node = string.sub(member, skip + 1)
              out[#out + 1] = node
              out[#out + 1] = redis.call('HGET', nkey, node) or ''
            end
            return out
            """);

    /**
     * A filtered page, or filtered counts, from the indexes. The driving index is the smallest of: the creation
     * index, each label selector's index, the statuses' indexes together, the canvas paths under the prefix (all
     * counted within the creation range, ZLEXCOUNT being O(log n)); every candidate it yields is checked against
     * the rest of the filter (its status and canvas path from its hash, each label by ZSCORE on that label's index).
     * Creation keys sort newest first as strings, so the cursor and the creation range are lex bounds.
     * <p>
     * ARGV: 1 prefix, 2 mode 'page'|'count', 3 exclusive lower creation key or '', 4 exclusive upper creation key or
     * '', 5 wanted (page size + 1), 6 canvas prefix given '1'|'0', 7 canvas prefix, 8 status count n, then n status
     * names, then a label selector count m, then m triples: key, value given '1'|'0', value.
     * Returns for 'page' per session: creation key, doc, v, exp, act, g (groups flag); for 'count' pairs of status
     * name and count (a filter of no status names every status for a count, so the status indexes may answer).
     */
    static final LuaScript FILTERED = LuaScript.of("filtered", """
            local p, mode = ARGV[1], ARGV[2]
            local lo = ARGV[3] == '' and '-' or '(' .. ARGV[3]
            local hi = ARGV[4] == '' and '+' or '(' .. ARGV[4]
            local want = tonumber(ARGV[5])
            local hasCanvas, canvas = ARGV[6] == '1', ARGV[7]
            local i = 8
            local statuses, statusSet = {}, {}
            for k = 1, tonumber(ARGV[i]) do
              statuses[k] = ARGV[i + k]
              statusSet[ARGV[i + k]] = true
            end
            i = i + #statuses + 1
            local labelSets = {}
            for k = 1, tonumber(ARGV[i]) do
              local at = i + 3 * (k - 1)
              if ARGV[at + 2] == '1' then
                labelSets[k] = p .. 'idx:lv:' .. ARGV[at + 1] .. '=' .. ARGV[at + 3]
              else
                labelSets[k] = p .. 'idx:lk:' .. ARGV[at + 1]
              end
            end
            -- Byte order, as sorted sets keep members (Lua's own < follows the locale).
            local function before(a, b)
              for k = 1, math.min(#a, #b) do
                local x, y = string.byte(a, k), string.byte(b, k)
                if x ~= y then
                  return x < y
                end
              end
              return #a < #b
            end
            local function inRange(ck)
              return (ARGV[3] == '' or before(ARGV[3], ck)) and (ARGV[4] == '' or before(ck, ARGV[4]))
            end
            -- The candidate's status when it matches the whole filter, else nil.
            local function check(ck)
              local f = redis.call('HMGET', p .. 's:' .. string.sub(ck, -36), 'st', 'cp')
              if not f[1] or (#statuses > 0 and not statusSet[f[1]]) then
                return nil
              end
              if hasCanvas and (not f[2] or string.sub(f[2], 1, #canvas) ~= canvas) then
                return nil
              end
              for k = 1, #labelSets do
                if not redis.call('ZSCORE', labelSets[k], ck) then
                  return nil
                end
              end
              return f[1]
            end
            if mode == 'count' and #labelSets == 0 and not hasCanvas then
              -- The per-status indexes answer alone (the caller names every status when the filter names none).
              local out = {}
              for k = 1, #statuses do
                out[#out + 1] = statuses[k]
                out[#out + 1] = redis.call('ZLEXCOUNT', p .. 'idx:created:' .. statuses[k], lo, hi)
              end
              return out
            end
            local drivers = {p .. 'idx:created'}
            local size = redis.call('ZLEXCOUNT', drivers[1], lo, hi)
            for k = 1, #labelSets do
              local n = redis.call('ZLEXCOUNT', labelSets[k], lo, hi)
              if n < size then
                drivers, size = {labelSets[k]}, n
              end
            end
            if #statuses > 0 then
              local sets, n = {}, 0
              for k = 1, #statuses do
                sets[k] = p .. 'idx:created:' .. statuses[k]
                n = n + redis.call('ZLEXCOUNT', sets[k], lo, hi)
              end
              if n < size then
                drivers, size = sets, n
              end
            end
            local byCanvas = false
            local cmin, cmax = '[' .. canvas, '(' .. canvas .. '\255'
            if hasCanvas then
              byCanvas = redis.call('ZLEXCOUNT', p .. 'idx:canvas', cmin, cmax) < size
            end
            local limit = mode == 'page' and want or -1
            local found, tally = {}, {}
            local function take(ck)
              local st = check(ck)
              if st then
                found[#found + 1] = ck
                tally[st] = (tally[st] or 0) + 1
              end
            end
            if byCanvas then
              -- Path order, not creation order: take every match, then sort.
              for _, member in ipairs(redis.call('ZRANGEBYLEX', p .. 'idx:canvas', cmin, cmax)) do
                local ck = string.sub(member, -56)
                if inRange(ck) then
                  take(ck)
                end
              end
            else
              for _, index in ipairs(drivers) do
                local from, mine = lo, 0
                local batch = limit > 0 and math.max(limit, 100) or 1000
                while limit < 0 or mine < limit do
                  local keys = redis.call('ZRANGEBYLEX', index, from, hi, 'LIMIT', 0, batch)
                  for _, ck in ipairs(keys) do
                    local had = #found
                    take(ck)
                    mine = mine + #found - had
                    if limit > 0 and mine >= limit then
                      break
                    end
                  end
                  if #keys < batch then
                    break
                  end
                  from = '(' .. keys[#keys]
                end
              end
            end
            if mode == 'count' then
              local out = {}
              for st, n in pairs(tally) do
                out[#out + 1] = st
                out[#out + 1] = n
              end
              return out
            end
            if byCanvas or #drivers > 1 then
              table.sort(found, before)
            end
            local out = {}
            local last = nil
            for _, ck in ipairs(found) do
              if #out >= 6 * want then
                break
              end
              if ck ~= last then
                local f = redis.call('HMGET', p .. 's:' .. string.sub(ck, -36), 'doc', 'v', 'exp', 'act', 'g')
                out[#out + 1] = ck
                out[#out + 1] = f[1] or ''
                out[#out + 1] = f[2] or ''
                out[#out + 1] = f[3] or ''
                out[#out + 1] = f[4] or ''
                out[#out + 1] = f[5] or ''
                last = ck
              end
            end
            return out
            """);

    /**
     * One page of the finish index for analytics. ARGV: 1 prefix, 2 min finished ms, 3 max finished ms (both
     * inclusive), 4 how many entries to skip (those at the min score already read), 5 limit. Returns {index entries
     * read (id, score, ...), sessions}: per stored session {id, doc, v, exp, act, histogram (bucket, count, ...),
     * failed nodes (node id, error or '', failed at text, ...)}. Failed nodes are found through the
     * node index's status entries and only their error and time leave Redis, not their results.
     */
    static final LuaScript ANALYTICS = LuaScript.of("analytics", """
            local p = ARGV[1]
            local read = redis.call('ZRANGEBYSCORE', p .. 'idx:fin', ARGV[2], ARGV[3], 'WITHSCORES', 'LIMIT',
              tonumber(ARGV[4]), tonumber(ARGV[5]))
            local out = {}
            for i = 1, #read, 2 do
              local id = read[i]
              local f = redis.call('HMGET', p .. 's:' .. id, 'doc', 'v', 'exp', 'act')
              if f[1] then
                local failed = {}
                local nkey = p .. 'n:' .. id
                for _, entry in ipairs(redis.call('ZRANGEBYLEX', p .. 'ni:' .. id, '[s:FAILED:', '(s:FAILED;')) do
                  local node = string.sub(entry, 10)
                  local value = redis.call('HGET', nkey, node)
                  if value then
                    local json = cjson.decode(string.sub(value, 8))
                    local err, at = json['error'], json['finished_at']
                    if type(at) ~= 'string' then
                      at = json['updated_at']
                    end
                    failed[#failed + 1] = node
                    failed[#failed + 1] = type(err) == 'string' and err or ''
                    failed[#failed + 1] = type(at) == 'string' and at or ''
                  end
                end
                out[#out + 1] = {id, f[1], f[2], f[3], f[4], redis.call('HGETALL', p .. 'ax:' .. id), failed}
              end
            end
            return {read, out}
            """);

    /**
     * Store-wide figures from the indexes and totals, never from a scan.
     * ARGV: 1 prefix, 2 now ms, 3 stale-before ms, 4.. status names.
     * Returns {count per status..., expired, stale, newest creation key, oldest creation key, tombstones, totals}.
     */
    static final LuaScript STATS = LuaScript.of("stats", """
            local p = ARGV[1]
            local out = {}
            for i = 4, #ARGV do
              out[#out + 1] = redis.call('ZCARD', p .. 'idx:created:' .. ARGV[i])
            end
            out[#out + 1] = redis.call('ZCOUNT', p .. 'idx:exp', '-inf', ARGV[2])
            out[#out + 1] = redis.call('ZCOUNT', p .. 'idx:active', '-inf', ARGV[3])
            out[#out + 1] = redis.call('ZRANGE', p .. 'idx:created', 0, 0)[1] or ''
            out[#out + 1] = redis.call('ZRANGE', p .. 'idx:created', -1, -1)[1] or ''
            out[#out + 1] = redis.call('ZCARD', p .. 'idx:tomb')
            out[#out + 1] = redis.call('HGETALL', p .. 'totals')
            return out
            """);
}
