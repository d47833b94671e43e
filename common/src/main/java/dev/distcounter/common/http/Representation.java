package dev.distcounter.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.distcounter.common.Json;
import java.nio.charset.StandardCharsets;

/**
 * The bytes sent for a reply, chosen by the request's {@code Accept} header: the text and a
 * newline by default, the view as JSON when the client accepts {@code application/json} (or
 * when the reply has no text).
 */
final class Representation {
    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json";

    private final String contentType;
    private final byte[] bytes;

    private Representation(String contentType, byte[] bytes) {
        this.contentType = contentType;
        this.bytes = bytes;
    }

    static Representation of(Reply reply, String accept) throws JsonProcessingException {
        boolean asked = asksForJson(accept);
        if (reply.text() == null || (reply.view() != null && asked)) {
            return new Representation(JSON, Json.MAPPER.writeValueAsBytes(reply.view()));
        }
        return new Representation(TEXT, (reply.text() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Whether an {@code Accept} header (null when absent) asks for JSON. */
    static boolean asksForJson(String accept) {
        return accept != null && accept.contains("application/json");
    }

    String contentType() {
        return contentType;
    }

    /** The body; the caller must not change it. */
    byte[] bytes() {
        return bytes;
    }
}
