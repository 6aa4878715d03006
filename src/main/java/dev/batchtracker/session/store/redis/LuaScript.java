package dev.batchtracker.session.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script and its SHA-1, the name Redis caches it under: callers send {@code EVALSHA} and fall back to
 * {@code EVAL} only when the server answers NOSCRIPT (after a restart or a SCRIPT FLUSH).
 */
record LuaScript(String name, String source, String sha1) {

    static LuaScript of(String name, String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new LuaScript(name, source, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-1", e);
        }
    }
}
