package dev.distcounter.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContractsTest {

    @Test
    void checkPassesWhenTheConditionHolds() {
        Contracts.check(true, "never shown");
        Contracts.check(true, () -> "never shown");
    }

    @Test
    void checkFailsNamingTheContract() {
        assertThatThrownBy(() -> Contracts.check(false, "version must increase"))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("contract violated: version must increase");
    }

    @Test
    void supplierMessageIsBuiltOnlyOnFailure() {
        AtomicInteger built = new AtomicInteger();
        Contracts.check(true, () -> "x" + built.incrementAndGet());
        assertThat(built).hasValue(0);
        assertThatThrownBy(() -> Contracts.check(false, () -> "x" + built.incrementAndGet()))
                .hasMessage("contract violated: x1");
    }

    @Test
    void checkEqualNamesExpectedAndActual() {
        Contracts.checkEqual("a", "a", "same");
        Contracts.checkEqual(3L, 3L, "same");
        assertThatThrownBy(() -> Contracts.checkEqual(3L, 4L, "sequence follows"))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("contract violated: sequence follows (expected 3, got 4)");
        assertThatThrownBy(() -> Contracts.checkEqual("a", null, "name kept"))
                .hasMessage("contract violated: name kept (expected a, got null)");
    }

    @Test
    void checkNotNullReturnsTheValueOrFails() {
        assertThat(Contracts.checkNotNull("v", "value")).isEqualTo("v");
        assertThatThrownBy(() -> Contracts.checkNotNull(null, "config"))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("contract violated: config must not be null");
    }

    @Test
    void checksAreOnWithoutJavaAssertions() {
        // The point of the class: it must not depend on -ea.
        assertThatThrownBy(() -> Contracts.check(false, "on")).isInstanceOf(ContractViolation.class);
    }
}
