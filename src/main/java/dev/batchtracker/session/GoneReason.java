package dev.batchtracker.session;

/** Why a session that existed is no longer there. */
public enum GoneReason {
    EXPIRED,
    DELETED
}
