package dev.distcounter.common.http;

/** A {@link RequestHandler} whose reply is ready at once. */
@FunctionalInterface
public interface ImmediateHandler {
    Reply handle(Request request);
}
