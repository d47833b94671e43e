package dev.distcounter.common.http;

import java.util.Map;

/**
 * A request the server refuses, with the reason to send back: a 4xx, or a 503 when it cannot
 * take the request now (the client may retry it unchanged). Unchecked, so a handler can
 * let it escape from any step that reads client input; the server turns it into the reply, with
 * the route's {@link ErrorViews} for its JSON form.
 */
public final class RequestRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers;

    public RequestRefusedException(int status, String reason) {
        this(status, reason, Map.of());
    }

    public RequestRefusedException(int status, String reason, Map<String, String> headers) {
        // No stack trace: this is an answer, not a failure, and some clients send a lot of them.
        super(reason, null, false, false);
        if ((status < 400 || status > 499) && status != 503) {
            throw new IllegalArgumentException("a refusal is a 4xx or a 503, not " + status);
        }
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    /** 400 Bad Request. */
    public static RequestRefusedException badRequest(String reason) {
        return new RequestRefusedException(400, reason);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return getMessage();
    }

    /** Headers the refusal needs (e.g. {@code Connection: close}). */
    public Map<String, String> headers() {
        return headers;
    }
}
