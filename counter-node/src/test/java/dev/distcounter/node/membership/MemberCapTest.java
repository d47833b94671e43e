package dev.distcounter.node.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemberCapTest {
    static final MemberCap DEFAULTS = new MemberCap(MemberCap.DEFAULT_MAX_MEMBERS); // 256 rows, 64 hints

    @ParameterizedTest(name = "{0} members, {1} hints: new hint -> {2}, new member -> {3}")
    @CsvSource({
        "0, 0, ADMIT, ADMIT",
        "10, 63, ADMIT, ADMIT",
        "10, 64, REFUSE, ADMIT",
        "192, 63, ADMIT, ADMIT",
        "193, 63, REFUSE, ADMIT_REPLACING_A_HINT",
        "192, 64, REFUSE, ADMIT_REPLACING_A_HINT",
        "255, 1, REFUSE, ADMIT_REPLACING_A_HINT",
        "255, 0, ADMIT, ADMIT",
        "256, 0, REFUSE, REFUSE",
    })
    void verdicts(int members, int hints, MemberCap.Verdict hint, MemberCap.Verdict member) {
        assertThat(DEFAULTS.newHint(members, hints)).isEqualTo(hint);
        assertThat(DEFAULTS.newMember(members, hints)).isEqualTo(member);
    }

    @ParameterizedTest(name = "{0} rows -> {1} hints at most")
    @CsvSource({"1, 1", "3, 1", "4, 1", "8, 2", "256, 64", "1024, 256"})
    void aQuarterOfTheTableForHintsAtLeastOne(int maxMembers, int hintLimit) {
        assertThat(new MemberCap(maxMembers).hintLimit()).isEqualTo(hintLimit);
    }

    @Test
    void aCapBelowOneIsRefused() {
        assertThatThrownBy(() -> new MemberCap(0)).hasMessageContaining("--max-members");
    }
}
