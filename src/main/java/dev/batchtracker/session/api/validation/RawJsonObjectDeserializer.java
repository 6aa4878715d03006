package dev.batchtracker.session.api.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;

/** Like {@link RawJsonDeserializer}, but only a JSON object is accepted (metadata is a map of the client's own). */
@RegisterForReflection
public class RawJsonObjectDeserializer extends RawJsonDeserializer {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            // A mismatch names the field and the expected shape; the problem mapper turns it into a 400.
            return (String) context.handleUnexpectedToken(ObjectNode.class, parser);
        }
        return super.deserialize(parser, context);
    }
}
