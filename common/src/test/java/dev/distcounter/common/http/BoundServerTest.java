package dev.distcounter.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distcounter.common.PortInUseException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server bound before it serves holds its port from the start, and can be let go without serving. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BoundServerTest {
    private static ServerSettings settings(int port) {
        return new ServerSettings("127.0.0.1", port, 2, "bound-http", "bound", Duration.ofSeconds(2));
    }

    @Test
    void aBoundServerHoldsItsPortBeforeItServes() throws Exception {
        try (RoutedHttpServer bound = RoutedHttpServer.bind(settings(0))) {
            assertThatThrownBy(() -> RoutedHttpServer.bind(settings(bound.port())))
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(PortInUseException.inUse(e)).isPresent());
        }
    }

    @Test
    void aServerNeverServedClosesAndFreesItsPort() throws Exception {
        RoutedHttpServer bound = RoutedHttpServer.bind(settings(0));
        int port = bound.port();

        bound.close();

        RoutedHttpServer.bind(settings(port)).close();
    }

    @Test
    void aBoundServerAnswersOnceItServes() throws Exception {
        try (RoutedHttpServer bound = RoutedHttpServer.bind(settings(0))) {
            bound.serve(
                    Routes.answeringUnknownPaths(path -> "no " + path)
                            .with(Route.at("/thing").on("GET", request -> Reply.ok("thing", null))),
                    (route, method, status, nanos) -> {});

            assertThat(new LoopbackClient(bound.port()).get("/thing").body()).isEqualTo("thing\n");
        }
    }
}
