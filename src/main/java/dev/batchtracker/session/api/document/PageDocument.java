package dev.batchtracker.session.api.document;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** Every paged answer of the API: {@code {"items": [...], "next_cursor": "..." | null}}. */
@RegisterForReflection
public record PageDocument<T>(List<T> items, String nextCursor) {
}
