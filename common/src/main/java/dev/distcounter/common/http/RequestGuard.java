package dev.distcounter.common.http;

/**
 * Decides whether a request may use a route at all, before its method is checked: refuses by
 * throwing a {@link RequestRefusedException} (e.g. 401 or 403), lets it through by returning.
 */
@FunctionalInterface
public interface RequestGuard {
    RequestGuard NONE = request -> {};

    void check(Request request);
}
