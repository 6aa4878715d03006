package dev.batchtracker.session.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.batchtracker.session.NodeCounts;
import dev.batchtracker.session.NodeGroup;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.Transition;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The internal JSON form of domain values, for what stores and the shared event hub keep or send outside the
 * JVM (group lists, history, whole sessions). Independent of the HTTP mapper's settings on purpose: this format
 * is read back by other instances and from disk, so the wire naming strategy must not leak into it.
 */
@RegisterForReflection(targets = {Session.class, NodeGroup.class, Transition.class, NodeCounts.class})
public final class SessionJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final TypeReference<List<NodeGroup>> GROUPS = new TypeReference<>() {
    };
    private static final TypeReference<List<Transition>> HISTORY = new TypeReference<>() {
    };

    private SessionJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String writeGroups(List<NodeGroup> groups) {
        return write(groups);
    }

    public static List<NodeGroup> readGroups(String json) {
        return read(json, GROUPS);
    }

    public static String writeHistory(List<Transition> history) {
        return write(history);
    }

    public static List<Transition> readHistory(String json) {
        return read(json, HISTORY);
    }

    public static String writeSession(Session session) {
        return write(session);
    }

    public static Session readSession(String json) {
        try {
            return MAPPER.readValue(json, Session.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a stored session: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a stored " + type.getType().getTypeName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
