package dev.distcounter.tool.http;

import dev.distcounter.common.auth.OwnerOnlyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A cluster's admin token, in a file only its owner can read: the nodes read it with
 * {@code --admin-token-file}, the tool sends it as {@code X-Admin-Token}. Made here, in Java,
 * from {@link SecureRandom}, so the script needs no openssl.
 */
public final class AdminToken {
    private static final int BYTES = 32;

    private AdminToken() {}

    /** The token in {@code file}, or empty when there is none (a cluster started before tokens). */
    public static Optional<String> read(Path file) {
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes {@code file} with a new random token, mode 600 from its creation on, unless it exists
     * (a cluster keeps its token across starts); returns whether it made one.
     */
    public static boolean createIfAbsent(Path file) {
        byte[] secret = new byte[BYTES];
        new SecureRandom().nextBytes(secret);
        try {
            OwnerOnlyFile.createWithLine(file, HexFormat.of().formatHex(secret));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the admin token file " + file, e);
        }
    }
}
