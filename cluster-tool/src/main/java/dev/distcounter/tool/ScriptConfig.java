package dev.distcounter.tool;

import java.nio.file.Path;

/**
 * The run-cluster.sh that started the tool.
 *
 * @param path the script to call back for process state and control
 * @param name how the user ran it ({@code $0}), for messages that tell them what to run next
 */
public record ScriptConfig(Path path, String name) {}
