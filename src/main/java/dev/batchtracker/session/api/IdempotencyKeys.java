package dev.batchtracker.session.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchtracker.session.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The Idempotency-Key header and the fingerprint of the request it guards. The fingerprint is a SHA-256 of the
 * canonical form of the parsed body (keys sorted at every level, no whitespace), so a retry that merely
 * reorders or reformats the JSON is still the same request, and a different request under the same key is caught.
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    /** Visible ASCII only: the key is compared byte for byte and may end up in logs and store keys. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1," + Limits.IDEMPOTENCY_KEY_CHARS + "}");

    private final ObjectMapper canonical;
    private final ObjectMapper mapper;

    public IdempotencyKeys(ObjectMapper mapper) {
        this.mapper = mapper;
        this.canonical = mapper.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    /** @return the key, or null when the header is absent */
    public String key(String header) {
        if (header == null) {
            return null;
        }
        if (!KEY.matcher(header).matches()) {
            throw new InvalidRequestException(HEADER, HEADER + " must be 1 to " + Limits.IDEMPOTENCY_KEY_CHARS
                    + " visible ASCII characters");
        }
        return header;
    }

    public String fingerprint(CreateSessionRequest request) {
        ObjectNode tree = mapper.createObjectNode();
        tree.put("canvas_path", request.canvasPath());
        if (request.nodeCount() != null) {
            tree.put("node_count", request.nodeCount());
        }
        if (request.groups() != null) {
            tree.set("groups", mapper.valueToTree(request.groups()));
        }
        if (request.labels() != null && !request.labels().isEmpty()) {
            // Absent and {} mean the same (no labels), so they fingerprint the same.
            tree.set("labels", mapper.valueToTree(request.labels()));
        }
        try {
            if (request.metadata() != null) {
                tree.set("metadata", mapper.readTree(request.metadata()));
            }
            // Maps (unlike tree nodes) are written with sorted keys by the canonical writer.
            Object plain = canonical.treeToValue(tree, Object.class);
            byte[] text = canonical.writeValueAsBytes(plain);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a request that was already parsed", e);
        }
    }
}
