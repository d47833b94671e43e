package dev.distcounter.common.http;

import java.util.concurrent.CompletionStage;

/**
 * Answers a request, now or later: the server sends the reply when the stage completes, on its
 * own pool, and holds no thread meanwhile. A {@link RequestRefusedException} (thrown, or as the
 * stage's failure) is answered as its 4xx; any other exception as a 500.
 */
@FunctionalInterface
public interface RequestHandler {
    CompletionStage<Reply> handle(Request request);
}
