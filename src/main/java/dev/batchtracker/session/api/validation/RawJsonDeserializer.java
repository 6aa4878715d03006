package dev.batchtracker.session.api.validation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.io.StringWriter;

/**
 * Keeps any JSON value as compact JSON text, so the domain stores it as it came and measures its size exactly.
 * Numbers are copied as written (no trip through double). An explicit JSON null stays null.
 */
@RegisterForReflection
public class RawJsonDeserializer extends StdDeserializer<String> {

    public RawJsonDeserializer() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator copy = parser.getCodec().getFactory().createGenerator(text)) {
            copy.copyCurrentStructureExact(parser);
        }
        return text.toString();
    }
}
