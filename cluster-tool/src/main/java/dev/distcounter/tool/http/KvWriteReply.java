package dev.distcounter.tool.http;

/**
 * The body of a reply to {@code POST /kv/put} or {@code DELETE /kv/{key}}:
 * {@code {"ok","version","owner","outcome"}}, with {@code error} when not ok.
 *
 * @param owner the key's primary replica; {@code ""} when the node refused the request before placing the key
 */
public record KvWriteReply(Boolean ok, Long version, String owner, String error, String outcome) {}
