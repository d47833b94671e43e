package dev.distcounter.common.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers: a status, the plain-text form, the JSON form as a typed view (serialized
 * by {@code Json.MAPPER}) and any extra headers. The server sends the text unless the client
 * asks for JSON; a reply with no text is always JSON, one with no view always text.
 *
 * @param status  the HTTP status
 * @param text    the text body without its trailing newline, or null for a JSON-only reply
 * @param view    the object serialized as the JSON body, or null for a text-only reply
 * @param headers extra response headers (e.g. {@code Allow}); Content-Type is set by the server
 */
public record Reply(int status, String text, Object view, Map<String, String> headers) {
    public Reply {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status " + status + " is not from 100 to 599");
        }
        if (text == null && view == null) {
            throw new IllegalArgumentException("a reply needs a text, a view or both");
        }
        headers = Map.copyOf(headers);
    }

    /** Text by default, JSON when asked for. */
    public static Reply of(int status, String text, Object view) {
        return new Reply(status, text, view, Map.of());
    }

    /** 200, text by default, JSON when asked for. */
    public static Reply ok(String text, Object view) {
        return of(200, text, view);
    }

    /** JSON whatever the client accepts. */
    public static Reply json(int status, Object view) {
        return new Reply(status, null, view, Map.of());
    }

    /** Text whatever the client accepts. */
    public static Reply text(int status, String text) {
        return new Reply(status, text, null, Map.of());
    }

    /** This reply with {@code more} headers added (replacing any of the same name). */
    public Reply withHeaders(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new Reply(status, text, view, all);
    }
}
