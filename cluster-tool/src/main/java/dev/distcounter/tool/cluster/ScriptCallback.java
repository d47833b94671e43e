package dev.distcounter.tool.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * {@link NodeProcesses} by calling run-cluster.sh back: its hidden commands {@code _running}
 * (prints {@code discovery PID} and {@code node N PID} for each live process), {@code _kill N}
 * (prints the PID it killed; exit 1 not running, 2 survived), {@code _launch N} (starts the
 * node, waits for its {@code /health}, says so on stdout; exit 0 when it is up), {@code _pause N}
 * and {@code _resume N} (SIGSTOP and SIGCONT it, print its PID; exit 1 not running). The script runs
 * with the tool's environment, which is the one it was itself started with, so both see the same
 * cluster.
 */
public final class ScriptCallback implements NodeProcesses {
    private final Path script;
    private Process early;

    public ScriptCallback(Path script) {
        this.script = script;
    }

    /**
     * Starts asking which processes run now, for the first {@link #running()}: every command
     * asks first thing, and the script's answer can come while the JVM is still starting up.
     */
    public ScriptCallback askEarly() {
        try {
            early = start(false, "_running");
        } catch (ProcessControlException e) {
            early = null; // the first running() tries again, and reports the failure
        }
        return this;
    }

    @Override
    public RunningProcesses running() {
        Process process = early;
        early = null;
        Result result = process != null ? finish(process, "_running") : run(false, "_running");
        if (result.exit() != 0) {
            throw failure("_running", result);
        }
        OptionalLong discovery = OptionalLong.empty();
        TreeMap<Integer, Long> nodes = new TreeMap<>();
        for (String line : result.stdout().lines().toList()) {
            String[] words = line.trim().split("\\s+", -1);
            try {
                if (words.length == 2 && words[0].equals("discovery")) {
                    discovery = OptionalLong.of(Long.parseLong(words[1]));
                } else if (words.length == 3 && words[0].equals("node")) {
                    nodes.put(Integer.parseInt(words[1]), Long.parseLong(words[2]));
                } else if (!line.isBlank()) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new ProcessControlException(script + " _running printed an unexpected line: \"" + line + "\"");
            }
        }
        return new RunningProcesses(discovery, nodes);
    }

    @Override
    public long kill(int node) {
        Result result = run(false, "_kill", Integer.toString(node));
        switch (result.exit()) {
            case 0 -> {
                return printedPid("_kill " + node, result);
            }
            case 1 -> throw new ProcessControlException("node " + node + " is not running");
            case 2 -> throw new ProcessControlException("node " + node + " is still alive 5s after SIGKILL");
            default -> throw failure("_kill " + node, result);
        }
    }

    @Override
    public long pause(int node) {
        Result result = run(false, "_pause", Integer.toString(node));
        switch (result.exit()) {
            case 0 -> {
                return printedPid("_pause " + node, result);
            }
            case 1 -> throw new ProcessControlException("node " + node + " is not running");
            default -> throw failure("_pause " + node, result);
        }
    }

    @Override
    public boolean resume(int node) {
        return run(false, "_resume", Integer.toString(node)).exit() == 0;
    }

    @Override
    public boolean launch(int node) {
        return run(true, "_launch", Integer.toString(node)).exit() == 0;
    }

    private record Result(int exit, String stdout) {}

    private long printedPid(String what, Result result) {
        try {
            return Long.parseLong(result.stdout().trim());
        } catch (NumberFormatException e) {
            throw new ProcessControlException(script + " " + what + " printed no PID: \""
                    + result.stdout().trim() + "\"");
        }
    }

    /** Runs the script; its stderr, and with {@code showOutput} its stdout, go where the tool's go. */
    private Result run(boolean showOutput, String... args) {
        return finish(start(showOutput, args), String.join(" ", args));
    }

    private Process start(boolean showOutput, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (showOutput) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        }
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new ProcessControlException("cannot run " + script + ": " + e.getMessage(), e);
        }
    }

    private Result finish(Process process, String what) {
        try (InputStream in = process.getInputStream()) {
            String stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), stdout);
        } catch (IOException e) {
            throw new ProcessControlException(
                    "cannot read what " + script + " " + what + " said: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessControlException("interrupted while " + script + " " + what + " ran", e);
        }
    }

    private ProcessControlException failure(String what, Result result) {
        return new ProcessControlException(script + " " + what + " failed (exit " + result.exit() + ")");
    }
}
