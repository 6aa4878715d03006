package dev.batchtracker.session.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.batchtracker.session.Labels;
import dev.batchtracker.session.NodeCounts;
import dev.batchtracker.session.NodeGroup;
import dev.batchtracker.session.Origin;
import dev.batchtracker.session.Plan;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.Timeline;
import dev.batchtracker.session.Transition;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The internal JSON form of domain values, for what stores and the shared event hub keep or send outside the
 * JVM (group lists, history, whole sessions). Independent of the HTTP mapper's settings on purpose: this format
 * is read back by other instances and from disk, so the wire naming strategy must not leak into it.
 * <p>
 * A session is one flat object, written and read by name here ({@link FlatSession}) rather than by reflection
 * over {@link Session}: the record groups its fields, the stored form stays the one older instances and stored
 * data already use. Jackson still reads groups, history and counts reflectively.
 */
@RegisterForReflection(targets = {NodeGroup.class, Transition.class, NodeCounts.class})
public final class SessionJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule("flat-session")
                    .addSerializer(Session.class, new FlatSession.Writer())
                    .addDeserializer(Session.class, new FlatSession.Reader()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final TypeReference<List<NodeGroup>> GROUPS = new TypeReference<>() {
    };
    private static final TypeReference<List<Transition>> HISTORY = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> LABEL_MAP = new TypeReference<>() {
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

    public static String writeLabels(Labels labels) {
        return write(labels.entries());
    }

    /** Stored labels were checked when they were created; they are read back as they are. */
    public static Labels readLabels(String json) {
        return json == null || json.isEmpty() ? Labels.NONE : new Labels(read(json, LABEL_MAP));
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

    /** The stored session object: its field names, in the order they are written. */
    private static final class FlatSession {
        static final String ID = "id";
        static final String CANVAS_PATH = "canvasPath";
        static final String STATUS = "status";
        static final String NODE_COUNT = "nodeCount";
        static final String GROUPS = "groups";
        static final String METADATA_JSON = "metadataJson";
        /** Written only when there are labels: sessions stored before labels existed read as having none. */
        static final String LABELS = "labels";
        static final String COUNTS = "counts";
        static final String REPORTED_PROGRESS = "reportedProgress";
        static final String CREATED_AT = "createdAt";
        static final String UPDATED_AT = "updatedAt";
        static final String LAST_ACTIVITY_AT = "lastActivityAt";
        static final String STARTED_AT = "startedAt";
        static final String FINISHED_AT = "finishedAt";
        static final String LAST_NODE_FINISHED_AT = "lastNodeFinishedAt";
        static final String EXPIRES_AT = "expiresAt";
        /** Written only once compacted, like labels: documents from before compaction existed read as not compacted. */
        static final String COMPACTED_AT = "compactedAt";
        static final String VERSION = "version";
        static final String REASON = "reason";
        static final String HISTORY = "history";
        static final String IDEMPOTENCY_KEY = "idempotencyKey";
        static final String REQUEST_FINGERPRINT = "requestFingerprint";

        private FlatSession() {
        }

        static final class Writer extends StdSerializer<Session> {
            Writer() {
                super(Session.class);
            }

            @Override
            public void serialize(Session s, JsonGenerator out, SerializerProvider provider) throws IOException {
                Plan plan = s.plan();
                Timeline times = s.timeline();
                out.writeStartObject(s);
                out.writeStringField(ID, s.id().toString());
                out.writeStringField(CANVAS_PATH, plan.canvasPath());
                out.writeStringField(STATUS, s.status().name());
                out.writeNumberField(NODE_COUNT, plan.nodeCount());
                provider.defaultSerializeField(GROUPS, plan.groups(), out);
                out.writeStringField(METADATA_JSON, plan.metadataJson());
                if (!plan.labels().isEmpty()) {
                    provider.defaultSerializeField(LABELS, plan.labels().entries(), out);
                }
                provider.defaultSerializeField(COUNTS, s.counts(), out);
                out.writeNumberField(REPORTED_PROGRESS, s.reportedProgress());
                provider.defaultSerializeField(CREATED_AT, times.createdAt(), out);
                provider.defaultSerializeField(UPDATED_AT, times.updatedAt(), out);
                provider.defaultSerializeField(LAST_ACTIVITY_AT, times.lastActivityAt(), out);
                provider.defaultSerializeField(STARTED_AT, times.startedAt(), out);
                provider.defaultSerializeField(FINISHED_AT, times.finishedAt(), out);
                provider.defaultSerializeField(LAST_NODE_FINISHED_AT, times.lastNodeFinishedAt(), out);
                provider.defaultSerializeField(EXPIRES_AT, times.expiresAt(), out);
                if (times.compactedAt() != null) {
                    provider.defaultSerializeField(COMPACTED_AT, times.compactedAt(), out);
                }
                out.writeNumberField(VERSION, s.version());
                out.writeStringField(REASON, s.reason());
                provider.defaultSerializeField(HISTORY, s.history(), out);
                out.writeStringField(IDEMPOTENCY_KEY, s.origin().idempotencyKey());
                out.writeStringField(REQUEST_FINGERPRINT, s.origin().requestFingerprint());
                out.writeEndObject();
            }
        }

        /** Reads by name in any order; unknown fields are skipped, as the mapper does elsewhere. */
        static final class Reader extends StdDeserializer<Session> {
            Reader() {
                super(Session.class);
            }

            @Override
            public Session deserialize(JsonParser in, DeserializationContext ctxt) throws IOException {
                UUID id = null;
                String canvasPath = null;
                SessionStatus status = null;
                int nodeCount = 0;
                List<NodeGroup> groups = List.of();
                String metadataJson = null;
                Labels labels = Labels.NONE;
                NodeCounts counts = NodeCounts.NONE;
                double reportedProgress = 0.0;
                Instant createdAt = null;
                Instant updatedAt = null;
                Instant lastActivityAt = null;
                Instant startedAt = null;
                Instant finishedAt = null;
                Instant lastNodeFinishedAt = null;
                Instant expiresAt = null;
                Instant compactedAt = null;
                long version = 0;
                String reason = null;
                List<Transition> history = List.of();
                String idempotencyKey = null;
                String requestFingerprint = null;
                JsonToken token = in.currentToken();
                if (token == JsonToken.START_OBJECT) {
                    token = in.nextToken();
                }
                for (; token == JsonToken.FIELD_NAME; token = in.nextToken()) {
                    String field = in.currentName();
                    in.nextToken();
                    switch (field) {
                        case ID -> id = value(in, ctxt, UUID.class);
                        case CANVAS_PATH -> canvasPath = in.getValueAsString();
                        case STATUS -> status = value(in, ctxt, SessionStatus.class);
                        case NODE_COUNT -> nodeCount = in.getValueAsInt();
                        case GROUPS -> groups = orEmpty(value(in, ctxt, listOf(ctxt, NodeGroup.class)));
                        case METADATA_JSON -> metadataJson = in.getValueAsString();
                        case LABELS -> labels = labelsOf(value(in, ctxt,
                                ctxt.getTypeFactory().constructMapType(Map.class, String.class, String.class)));
                        case COUNTS -> counts = orNone(value(in, ctxt, NodeCounts.class));
                        case REPORTED_PROGRESS -> reportedProgress = in.getValueAsDouble();
                        case CREATED_AT -> createdAt = value(in, ctxt, Instant.class);
                        case UPDATED_AT -> updatedAt = value(in, ctxt, Instant.class);
                        case LAST_ACTIVITY_AT -> lastActivityAt = value(in, ctxt, Instant.class);
                        case STARTED_AT -> startedAt = value(in, ctxt, Instant.class);
                        case FINISHED_AT -> finishedAt = value(in, ctxt, Instant.class);
                        case LAST_NODE_FINISHED_AT -> lastNodeFinishedAt = value(in, ctxt, Instant.class);
                        case EXPIRES_AT -> expiresAt = value(in, ctxt, Instant.class);
                        case COMPACTED_AT -> compactedAt = value(in, ctxt, Instant.class);
                        case VERSION -> version = in.getValueAsLong();
                        case REASON -> reason = in.getValueAsString();
                        case HISTORY -> history = orEmpty(value(in, ctxt, listOf(ctxt, Transition.class)));
                        case IDEMPOTENCY_KEY -> idempotencyKey = in.getValueAsString();
                        case REQUEST_FINGERPRINT -> requestFingerprint = in.getValueAsString();
                        default -> in.skipChildren();
                    }
                }
                if (id == null || status == null || createdAt == null || updatedAt == null || lastActivityAt == null
                        || expiresAt == null) {
                    return ctxt.reportInputMismatch(Session.class, "a stored session needs its id, status, createdAt,"
                            + " updatedAt, lastActivityAt and expiresAt");
                }
                Timeline timeline = Timeline.builder()
                        .createdAt(createdAt)
                        .updatedAt(updatedAt)
                        .lastActivityAt(lastActivityAt)
                        .startedAt(startedAt)
                        .finishedAt(finishedAt)
                        .lastNodeFinishedAt(lastNodeFinishedAt)
                        .expiresAt(expiresAt)
                        .compactedAt(compactedAt)
                        .build();
                return new Session(id, new Plan(canvasPath, nodeCount, groups, metadataJson, labels), status, counts,
                        reportedProgress, timeline, version, reason, history,
                        Origin.of(idempotencyKey, requestFingerprint));
            }

            private static JavaType listOf(DeserializationContext ctxt, Class<?> element) {
                return ctxt.getTypeFactory().constructCollectionType(List.class, element);
            }

            private static <T> T value(JsonParser in, DeserializationContext ctxt, Class<T> type) throws IOException {
                return in.currentToken() == JsonToken.VALUE_NULL ? null : ctxt.readValue(in, type);
            }

            private static <T> T value(JsonParser in, DeserializationContext ctxt, JavaType type) throws IOException {
                return in.currentToken() == JsonToken.VALUE_NULL ? null : ctxt.readValue(in, type);
            }

            private static <T> List<T> orEmpty(List<T> list) {
                return list == null ? List.of() : list;
            }

            private static Labels labelsOf(Map<String, String> entries) {
                return entries == null ? Labels.NONE : new Labels(entries);
            }

            private static NodeCounts orNone(NodeCounts counts) {
                return counts == null ? NodeCounts.NONE : counts;
            }
        }
    }
}
