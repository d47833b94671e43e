package dev.distcounter.tool.http;

/**
 * The body of a reply to {@code GET /kv/get/{key}}: {@code {"found":true,"key","value","version",
 * "owner"}} (200), {@code {"found":false,"key","owner"}} (404), and {@code error} with a 503.
 *
 * @param value   null unless found
 * @param version null unless found
 * @param owner   the key's primary replica
 */
public record KvValue(boolean found, String key, String value, Long version, String owner, String error) {}
