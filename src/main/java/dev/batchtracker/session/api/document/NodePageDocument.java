package dev.batchtracker.session.api.document;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * A page of node results: {@link PageDocument}'s fields and {@code compacted}, true once the session is compacted
 * (every item's {@code result} is null then, and its {@code error} cut to 256 characters).
 */
@RegisterForReflection
public record NodePageDocument(List<NodeResultDocument> items, String nextCursor, boolean compacted) {
}
