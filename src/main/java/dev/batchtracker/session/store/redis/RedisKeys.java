package dev.batchtracker.session.store.redis;

import dev.batchtracker.session.SessionStatus;

import java.util.UUID;

/**
 * The names of every key the Redis store writes, all under one prefix so that several deployments (or test runs)
 * can share a Redis server. The Lua scripts in {@link RedisScripts} build the per-session names from the same
 * scheme (they get the prefix as an argument), so a change here is a change there.
 * <pre>
 *   {p}s:{id}            hash: the session (doc, groups, v, st, exp, act, ck, cp, idem, dur, sz, cpt)
 *   {p}n:{id}            hash: node id → "STATUS|{json}"
 *   {p}ni:{id}           sorted set (lex): "a:{node}" for every node, "s:{STATUS}:{node}" per status
 *   {p}idx:exp           sorted set: session id by expiry (epoch ms), for cleanup without a scan
 *   {p}idx:cmp           sorted set: finished session id not compacted yet, by finish (epoch ms), for compaction
 *   {p}idx:created       sorted set (lex): creation key "{inverted nanos}:{id}", newest first
 *   {p}idx:created:{ST}  the same, per status (its size is the per-status count)
 *   {p}idx:lv:{k}={v}    sorted set (lex): creation keys of the sessions labelled k=v
 *   {p}idx:lk:{k}        sorted set (lex): creation keys of the sessions with label key k
 *   {p}idx:canvas        sorted set (lex): "{canvas path}|{creation key}", so a path prefix is a lex range
 *   {p}lb:{id}           hash: the session's labels (key → value), to drop its label index entries on removal
 *   {p}idx:fin           sorted set: finished session id by finish time (epoch ms), for analytics windows
 *   {p}ax:{id}           hash: execution-time bucket → how many of the session's nodes fell in it (analytics)
 *   {p}idx:active        sorted set: running session id by last activity (epoch ms), for the stale count
 *   {p}idem:{key}        string: the session id holding an Idempotency-Key
 *   {p}t:{id}            hash: tombstone (r, at, until)
 *   {p}idx:tomb          sorted set: tombstone id by keep-until (epoch ms)
 *   {p}totals            hash: created, removed:{REASON}, compacted, finished, finished_ms, bytes
 *   {p}chg:seq           string: the change sequence, incremented by every insert, update and removal
 *   {p}chg:floor         string: the highest change sequence of a purged tombstone
 *   {p}idx:chg           sorted set: session id by the change sequence of its last write
 *   {p}idx:chg:tomb      sorted set: tombstone id by the change sequence of its removal
 *   {p}events            pub/sub channel of the shared event hub
 * </pre>
 */
public record RedisKeys(String prefix) {

    public RedisKeys {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("batch.redis.key-prefix must not be empty");
        }
    }

    String session(UUID id) {
        return prefix + "s:" + id;
    }

    String nodes(UUID id) {
        return prefix + "n:" + id;
    }

    String nodeIndex(UUID id) {
        return prefix + "ni:" + id;
    }

    String expiryIndex() {
        return prefix + "idx:exp";
    }

    String compactionIndex() {
        return prefix + "idx:cmp";
    }

    String createdIndex() {
        return prefix + "idx:created";
    }

    String createdIndex(SessionStatus status) {
        return prefix + "idx:created:" + status.name();
    }

    String activeIndex() {
        return prefix + "idx:active";
    }

    String tombstone(UUID id) {
        return prefix + "t:" + id;
    }

    String tombstoneIndex() {
        return prefix + "idx:tomb";
    }

    String totals() {
        return prefix + "totals";
    }

    String changeSeq() {
        return prefix + "chg:seq";
    }

    /** The pub/sub channel that carries session events between instances. */
    public String eventChannel() {
        return prefix + "events";
    }
}
