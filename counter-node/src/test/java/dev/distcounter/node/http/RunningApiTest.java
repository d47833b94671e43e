package dev.distcounter.node.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** What every test of a resource starts from: a fake node behind a running API, stopped after each test. */
abstract class RunningApiTest {
    final FakeNode node = new FakeNode();
    RunningApi http;

    @BeforeEach
    void startApi() throws Exception {
        http = new RunningApi(node);
    }

    @AfterEach
    void stopApi() {
        http.close();
    }
}
