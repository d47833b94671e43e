package dev.distcounter.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The keyring as a value: each step of a rotation, and every change it refuses. */
class KeyringTest {
    static final ClusterKey OLD = ClusterKey.generate(new Random(1));
    static final ClusterKey NEW = ClusterKey.generate(new Random(2));

    @Test
    void aRotationInstallsUsesAndRemovesAndEveryStepIsANewValue() {
        Keyring start = Keyring.of(OLD);
        Keyring installed = start.install(NEW);
        Keyring using = installed.use(NEW.fingerprint());
        Keyring done = using.remove(OLD.fingerprint());

        assertThat(start.primary()).contains(OLD);
        assertThat(start.fingerprints()).containsExactly(OLD.fingerprint());

        assertThat(installed.primary()).as("install does not change who signs").contains(OLD);
        assertThat(installed.find(NEW.id())).contains(NEW);
        assertThat(installed.find(OLD.id())).contains(OLD);
        assertThat(installed.size()).isEqualTo(2);

        assertThat(using.primary()).contains(NEW);
        assertThat(using.find(OLD.id())).as("the old key is still accepted").contains(OLD);

        assertThat(done.primary()).contains(NEW);
        assertThat(done.find(OLD.id())).isEmpty();
        assertThat(done.fingerprints()).containsExactly(NEW.fingerprint());

        // Immutable: nothing before changed.
        assertThat(start.fingerprints()).containsExactly(OLD.fingerprint());
        assertThat(installed.primary()).contains(OLD);
        assertThat(using.size()).isEqualTo(2);
    }

    @Test
    void repeatingAStepChangesNothing() {
        Keyring installed = Keyring.of(OLD).install(NEW);
        assertThat(installed.install(NEW)).isSameAs(installed);
        assertThat(installed.use(OLD.fingerprint())).isSameAs(installed);
        assertThat(installed
                        .use(NEW.fingerprint().toUpperCase(java.util.Locale.ROOT))
                        .primary())
                .as("fingerprints in any case")
                .contains(NEW);
    }

    @Test
    void thePrimaryCannotBeRemoved() {
        Keyring installed = Keyring.of(OLD).install(NEW);
        assertThatThrownBy(() -> installed.remove(OLD.fingerprint()))
                .isInstanceOf(KeyringException.class)
                .hasMessageContaining("is the primary")
                .satisfies(e -> assertThat(((KeyringException) e).kind()).isEqualTo(KeyringException.Kind.CONFLICT));
    }

    @Test
    void usingOrRemovingAKeyThatIsNotInstalledIsRefused() {
        Keyring start = Keyring.of(OLD);
        assertThatThrownBy(() -> start.use(NEW.fingerprint()))
                .isInstanceOf(KeyringException.class)
                .hasMessageContaining("no key with fingerprint '" + NEW.fingerprint() + "'")
                .hasMessageContaining("installed: " + OLD.fingerprint())
                .satisfies(e -> assertThat(((KeyringException) e).kind()).isEqualTo(KeyringException.Kind.UNKNOWN_KEY));
        assertThatThrownBy(() -> start.remove("00000000")).isInstanceOf(KeyringException.class);
    }

    @Test
    void aProcessWithoutAKeyCannotInstallOneAndSignsNothing() {
        assertThat(Keyring.NONE.keyed()).isFalse();
        assertThat(Keyring.NONE.primary()).isEmpty();
        assertThat(Keyring.NONE.fingerprints()).isEmpty();
        assertThatThrownBy(() -> Keyring.NONE.install(NEW))
                .isInstanceOf(KeyringException.class)
                .hasMessageContaining("--cluster-key-file")
                .satisfies(e -> assertThat(((KeyringException) e).kind()).isEqualTo(KeyringException.Kind.NOT_KEYED));
    }

    @Test
    void printsFingerprintsOnly() {
        Keyring ring = Keyring.of(OLD).install(NEW);
        assertThat(ring.toString())
                .contains(OLD.fingerprint(), NEW.fingerprint())
                .doesNotContain(OLD.base64(), NEW.base64());
        assertThat(OLD.toString()).isEqualTo("key " + OLD.fingerprint());
    }
}
