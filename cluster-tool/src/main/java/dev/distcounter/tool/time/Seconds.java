package dev.distcounter.tool.time;

/** Durations as the script always printed them: whole seconds and one truncated decimal ("12.3"). */
public final class Seconds {
    private Seconds() {}

    public static String of(long millis) {
        long ms = Math.max(0, millis);
        return ms / 1000 + "." + (ms % 1000) / 100;
    }
}
