package dev.distcounter.common.http;

/**
 * The JSON view of the error replies a route gets without its handler choosing them: refusals
 * (405, 413, a guard's 401, a {@link RequestRefusedException}) and internal errors (500). A route
 * whose clients read more than the reason from an error supplies its own; the rest use
 * {@link #PLAIN}. A route that answers only JSON has its errors in JSON too ({@link #asJson}).
 */
@FunctionalInterface
public interface ErrorViews {
    /** {@code {"error":"<reason>"}}. */
    ErrorViews PLAIN = (status, error) -> new ErrorView(error);

    /** The object to serialize for an error reply with this status and one-line reason. */
    Object view(int status, String error);

    /** Whether the error replies are JSON whatever the client accepts; otherwise text unless it asks for JSON. */
    default boolean onlyJson() {
        return false;
    }

    /** {@code views}, sent as JSON whatever the client accepts: for a route that only speaks JSON. */
    static ErrorViews asJson(ErrorViews views) {
        return new ErrorViews() {
            @Override
            public Object view(int status, String error) {
                return views.view(status, error);
            }

            @Override
            public boolean onlyJson() {
                return true;
            }
        };
    }
}
