package dev.batchtracker.session.api;

/** The fixed input limits of the API, in one place (configurable limits live in {@code BatchConfig}). */
public final class Limits {
    /** The largest request body; the HTTP layer answers 413 beyond it (quarkus.http.limits.max-body-size). */
    public static final int BODY_BYTES = 1024 * 1024;
    public static final int CANVAS_PATH_CHARS = 1024;
    public static final int NODE_ID_CHARS = 256;
    /** Reports in one bulk node report. */
    public static final int BULK_REPORTS_MAX = 1000;
    public static final int GROUP_ID_CHARS = 256;
    public static final int METADATA_BYTES = 16 * 1024;
    public static final int RESULT_BYTES = 64 * 1024;
    public static final int ERROR_BYTES = 4 * 1024;
    public static final int REASON_BYTES = 1024;
    public static final int IDEMPOTENCY_KEY_CHARS = 255;

    public static final int SESSIONS_PAGE_DEFAULT = 50;
    public static final int SESSIONS_PAGE_MAX = 500;
    public static final int NODES_PAGE_DEFAULT = 100;
    public static final int NODES_PAGE_MAX = 1000;

    private Limits() {
    }
}
