package dev.distcounter.tool.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
    @Test
    void madeOnceOwnerOnlyAndReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data").resolve("admin.token");
        assertThat(AdminToken.read(file)).isEmpty();
        assertThat(AdminToken.createIfAbsent(file)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        Optional<String> token = AdminToken.read(file);
        assertThat(token).hasValueSatisfying(t -> assertThat(t).matches("[0-9a-f]{64}"));
        assertThat(AdminToken.createIfAbsent(file))
                .as("a cluster keeps its token")
                .isFalse();
        assertThat(AdminToken.read(file)).isEqualTo(token);
    }
}
