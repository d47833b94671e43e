package dev.distcounter.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys, their fingerprints and the key file format. */
class ClusterKeyTest {
    @TempDir
    Path dir;

    @Test
    void theFingerprintIsTheFirstFourBytesOfTheKeysSha256() throws Exception {
        byte[] bytes = new byte[32];
        bytes[0] = 7;
        ClusterKey key = ClusterKey.of(bytes);
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
        assertThat(key.fingerprint())
                .isEqualTo(HexFormat.of().formatHex(sha, 0, 4))
                .hasSize(8);
        assertThat(ClusterKey.formatId(key.id())).isEqualTo(key.fingerprint());
    }

    @Test
    void aKeyRoundTripsThroughBase64AndAFile() throws Exception {
        ClusterKey key = ClusterKey.generate(new SecureRandom());
        assertThat(ClusterKey.parse(key.base64())).isEqualTo(key);
        assertThat(ClusterKey.parse("  " + key.base64() + "\n")).isEqualTo(key);

        Path file = dir.resolve("cluster.key");
        ClusterKeyFile.create(file, key);
        assertThat(ClusterKeyFile.read(file)).isEqualTo(key);
        assertThat(Files.readString(file)).isEqualTo(key.base64() + "\n").hasSize(45);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .as("readable by its owner only")
                .isEqualTo("rw-------");
        assertThatThrownBy(() -> ClusterKeyFile.create(file, ClusterKey.generate(new SecureRandom())))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(ClusterKeyFile.read(file)).as("never overwritten").isEqualTo(key);
    }

    @Test
    void shortLongEmptyOrNonBase64KeysAreRefusedWithTheReason() throws Exception {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> ClusterKeyFile.read(write("short.key", shortKey)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("short.key")
                .hasMessageContaining("too short: 16 bytes, where 32 are needed")
                .hasMessageContaining("keys generate");
        String longKey = Base64.getEncoder().encodeToString(new byte[48]);
        assertThatThrownBy(() -> ClusterKeyFile.read(write("long.key", longKey)))
                .hasMessageContaining("48 bytes, not 32");
        assertThatThrownBy(() -> ClusterKeyFile.read(write("empty.key", "\n")))
                .hasMessageContaining("the key is empty");
        assertThatThrownBy(() -> ClusterKeyFile.read(write("text.key", "correct horse battery staple")))
                .hasMessageContaining("not base64");
        assertThatThrownBy(() -> ClusterKeyFile.read(dir.resolve("missing.key")))
                .hasMessageContaining("no such key file");
        assertThatThrownBy(() -> ClusterKeyFile.read(write("big.key", "A".repeat(10_000))))
                .hasMessageContaining("not a key file");
    }

    @Test
    void theMacIsHmacSha256() throws Exception {
        ClusterKey key = ClusterKey.of(new byte[32]);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] expected = mac.doFinal("ab".getBytes(StandardCharsets.UTF_8));
        assertThat(key.mac("a".getBytes(StandardCharsets.UTF_8), "b".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(expected);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
