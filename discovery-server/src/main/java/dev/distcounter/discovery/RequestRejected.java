package dev.distcounter.discovery;

import java.util.Map;

/**
 * A request the API refuses, with the 4xx status and the one-line reason to send back. Checked,
 * so every step that reads client input has to say it may refuse it.
 */
final class RequestRejected extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers;

    RequestRejected(int status, String reason) {
        this(status, reason, Map.of());
    }

    RequestRejected(int status, String reason, Map<String, String> headers) {
        super(reason, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    int status() {
        return status;
    }

    String reason() {
        return getMessage();
    }

    Map<String, String> headers() {
        return headers;
    }
}
