package dev.distcounter.tool.http;

/**
 * The answer to a read or an admin request.
 *
 * @param status  the HTTP status, 0 when nothing came back
 * @param body    the parsed reply when it was a 200 the tool could read (or another status the request
 *                takes as an answer: a key-value get's 404, "not found"), otherwise null
 * @param problem why there is no body: the node's {@code error}, its text, or what went wrong on
 *                the way; empty when there is a body
 */
public record Reply<T>(int status, T body, String problem) {
    public static <T> Reply<T> of(T body) {
        return new Reply<>(200, body, "");
    }

    public static <T> Reply<T> refused(int status, String problem) {
        return new Reply<>(status, null, problem);
    }

    public static <T> Reply<T> noAnswer(String problem) {
        return new Reply<>(0, null, problem);
    }

    public boolean ok() {
        return body != null;
    }

    /** The status as the script printed curl's: three digits, {@code 000} for no answer. */
    public String code() {
        return String.format("%03d", status);
    }

    /** "HTTP 400: reason", or "no answer (connection refused)". */
    public String describe() {
        if (status == 0) {
            return "no answer (" + problem + ")";
        }
        return "HTTP " + code() + (problem.isEmpty() ? "" : ": " + problem);
    }
}
