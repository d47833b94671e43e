package dev.distcounter.node.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The admin token from {@code --admin-token} or {@code --admin-token-file}. A file keeps the
 * token out of {@code ps} and /proc/PID/cmdline, which every local user can read.
 */
final class AdminTokenFile {
    private AdminTokenFile() {}

    /** The token ({@code ""} when neither is given); a usage error for both, an unreadable or an empty file. */
    static String token(String flag, Path file) {
        if (file == null) {
            return flag;
        }
        if (!flag.isEmpty()) {
            throw new IllegalArgumentException("--admin-token and --admin-token-file exclude each other");
        }
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("--admin-token-file " + file + " cannot be read: " + e.getMessage());
        }
        if (token.isEmpty() || token.lines().count() > 1) {
            throw new IllegalArgumentException("--admin-token-file " + file + " must hold the token on one line");
        }
        return token;
    }
}
