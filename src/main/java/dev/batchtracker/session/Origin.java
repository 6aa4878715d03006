package dev.batchtracker.session;

/**
 * The create request a session came from, for telling a retried create from a different one.
 *
 * @param idempotencyKey the request's Idempotency-Key, or null
 * @param requestFingerprint a digest of the request, so a key reused for another request is caught (null without a key)
 */
public record Origin(String idempotencyKey, String requestFingerprint) {

    public static final Origin NONE = new Origin(null, null);

    /** {@link #NONE} for a create without a key, so key-less sessions share one value. */
    public static Origin of(String idempotencyKey, String requestFingerprint) {
        return idempotencyKey == null && requestFingerprint == null ? NONE
                : new Origin(idempotencyKey, requestFingerprint);
    }
}
