package dev.distcounter.common.http;

/** The JSON form of an error reply: {@code {"error":"<reason>"}}. */
public record ErrorView(String error) {}
