package dev.distcounter.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} (or {@code --name=value}) flags of a measurement program. Unknown
 * flags are refused, so a typo does not silently run the default measurement. Programs use
 * {@link #parseOrExit}: a bad flag or value prints the usage and exits with code 2, and
 * {@code --help} prints it and exits with 0.
 */
final class CommandLineFlags {
    private final Map<String, String> values;
    /** The program's name and usage line, printed before exiting on a bad value; null to throw instead. */
    private final String tool;

    private final String usage;

    private CommandLineFlags(Map<String, String> values, String tool, String usage) {
        this.values = values;
        this.tool = tool;
        this.usage = usage;
    }

    /** Parses the flags; throws {@link IllegalArgumentException} for an unknown flag or a missing value. */
    static CommandLineFlags parse(String[] args, Set<String> known) {
        return new CommandLineFlags(read(args, known), null, null);
    }

    /** Parses a program's flags; on a bad one prints the error and the usage and exits with 2. */
    static CommandLineFlags parseOrExit(String tool, String usage, String[] args, String... known) {
        String line = "Usage: " + tool + " " + usage;
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println(line);
                System.exit(0);
            }
        }
        try {
            return new CommandLineFlags(read(args, Set.of(known)), tool, line);
        } catch (IllegalArgumentException e) {
            System.err.println(tool + ": " + e.getMessage());
            System.err.println(line);
            System.exit(2);
            throw e;
        }
    }

    private static Map<String, String> read(String[] args, Set<String> known) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument \"" + arg + "\"; flags are " + known);
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown flag --" + name + "; flags are " + known);
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            values.put(name, value);
        }
        return values;
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String requiredText(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw bad("--" + name + " is required");
        }
        return v;
    }

    long number(String name, long fallback) {
        String v = values.get(name);
        return v == null ? fallback : parse(name, v);
    }

    int integer(String name, int fallback) {
        long v = number(name, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw bad("--" + name + ": " + v + " is out of range");
        }
        return (int) v;
    }

    /** A comma-separated list; underscores are allowed as digit separators (10_000_000). */
    List<Long> numbers(String name, String fallback) {
        List<Long> out = new ArrayList<>();
        String text = fallback == null ? requiredText(name) : text(name, fallback);
        for (String part : text.split(",", -1)) {
            if (!part.isBlank()) {
                out.add(parse(name, part.trim()));
            }
        }
        if (out.isEmpty()) {
            throw bad("--" + name + " needs at least one number");
        }
        return out;
    }

    /** A required comma-separated list of TCP ports. */
    List<Integer> ports(String name) {
        List<Integer> ports = new ArrayList<>();
        for (long p : numbers(name, null)) {
            if (p < 1 || p > 65535) {
                throw bad("--" + name + ": " + p + " is not a port number");
            }
            ports.add((int) p);
        }
        return ports;
    }

    private long parse(String name, String text) {
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad("--" + name + ": \"" + text + "\" is not a whole number");
        }
    }

    private IllegalArgumentException bad(String message) {
        if (tool != null) {
            System.err.println(tool + ": " + message);
            System.err.println(usage);
            System.exit(2);
        }
        return new IllegalArgumentException(message);
    }
}
