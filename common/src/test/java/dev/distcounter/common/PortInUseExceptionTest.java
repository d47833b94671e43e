package dev.distcounter.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import org.junit.jupiter.api.Test;

class PortInUseExceptionTest {

    @Test
    void theMessageNamesThePortAndTheFlagFirstAndKeepsTheSystemsWords() {
        PortInUseException e = new PortInUseException(
                9001, "--addr localhost:9001", "node", new BindException("Address already in use"));

        assertThat(e.getMessage())
                .isEqualTo("port 9001 (--addr localhost:9001) is in use: is another node running?"
                        + " (Address already in use)");
        assertThat(e.port()).isEqualTo(9001);
    }

    @Test
    void aTakenPortIsFoundAmongTheCauses() {
        BindException taken = new BindException("Address already in use");
        IOException wrapped =
                new IOException("cannot listen for gossip on localhost:9001: " + taken.getMessage(), taken);

        assertThat(PortInUseException.inUse(wrapped)).containsSame(taken);
        assertThat(PortInUseException.orSelf(wrapped, 9001, "--addr localhost:9001", "node"))
                .isInstanceOf(PortInUseException.class)
                .hasMessageStartingWith("port 9001 (--addr localhost:9001) is in use");
    }

    @Test
    void otherBindFailuresAreLeftAsTheyAre() {
        IOException notLocal = new IOException("cannot listen", new BindException("Cannot assign requested address"));

        assertThat(PortInUseException.inUse(notLocal)).isEmpty();
        assertThat(PortInUseException.orSelf(notLocal, 9001, "--addr 10.9.9.9:9001", "node"))
                .isSameAs(notLocal);
    }
}
