package dev.distcounter.node.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.distcounter.common.Json;
import dev.distcounter.common.http.OneLine;
import dev.distcounter.common.http.RequestRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /kv/put}: a JSON object with a string {@code key} and a string
 * {@code value}, nothing else. Read as a stream of tokens, never as a tree: a body of a few MiB
 * that is not the expected object (thousands of small fields, deep arrays) is refused at its
 * first wrong token instead of being built into millions of objects. Anything else is a 400 with
 * its own reason; a missing or null key is left for {@link KvInput#key} ("key required").
 *
 * @param key   null when absent or null
 * @param value null when absent or null
 */
record KvPutBody(String key, String value) {
    static final String EXAMPLE = "{\"key\":\"alpha\",\"value\":\"first\"}";
    private static final Pattern START_MARKER = Pattern.compile(" \\(start marker at \\[Source: .*?\\]\\)");

    static KvPutBody parse(InputStream body) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw refused("body required: a JSON object such as " + EXAMPLE);
            }
            if (token != JsonToken.START_OBJECT) {
                throw refused("body must be a JSON object such as " + EXAMPLE + ", not " + kind(token));
            }
            String key = null;
            String value = null;
            boolean seenKey = false;
            boolean seenValue = false;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken field = parser.nextToken();
                if (name.equals("key") && !seenKey) {
                    seenKey = true;
                    key = text(parser, field, name);
                } else if (name.equals("value") && !seenValue) {
                    seenValue = true;
                    value = text(parser, field, name);
                } else if (name.equals("key") || name.equals("value")) {
                    throw refused("field \"" + name + "\" given twice");
                } else {
                    throw refused("unknown field \"" + OneLine.quote(name)
                            + "\": the body has only key and value, as in " + EXAMPLE);
                }
            }
            // The parser checks the structure: what ends the fields is the object's end.
            if (parser.nextToken() != null) {
                throw refused("bad JSON: more after the object");
            }
            return new KvPutBody(key, value);
        } catch (JsonProcessingException e) {
            throw refused("bad JSON: " + reason(e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a body held in memory", e);
        }
    }

    /** Jackson's reason without the source it quotes, and where in the body. */
    private static String reason(JsonProcessingException e) {
        String reason = START_MARKER.matcher(e.getOriginalMessage()).replaceAll("");
        JsonLocation at = e.getLocation();
        return at == null ? reason : reason + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static String text(JsonParser parser, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw refused(field + " must be a JSON string, not " + kind(token));
        }
        return parser.getText();
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_STRING -> "a string";
            default -> "null";
        };
    }

    private static RequestRefusedException refused(String reason) {
        return RequestRefusedException.badRequest(reason);
    }
}
