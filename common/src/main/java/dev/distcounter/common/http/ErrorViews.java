package dev.distcounter.common.http;

/**
 * The JSON view of the error replies a route gets without its handler choosing them: refusals
 * (405, 413, a guard's 401, a {@link RequestRefusedException}) and internal errors (500). A route
 * whose clients read more than the reason from an error supplies its own; the rest use
 * {@link #PLAIN}.
 */
@FunctionalInterface
public interface ErrorViews {
    /** {@code {"error":"<reason>"}}. */
    ErrorViews PLAIN = (status, error) -> new ErrorView(error);

    /** The object to serialize for an error reply with this status and one-line reason. */
    Object view(int status, String error);
}
