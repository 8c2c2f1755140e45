package io.zkrpc.benchmark.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueOfEachFigure() {
        Figures median = Figures.medianOf(List.of(
                figures(900, 300, 0, 25_000),
                figures(1000, 100, 0, 24_000),
                figures(1100, 200, 0, 26_000)));

        assertThat(median.callsPerSecond()).isEqualTo(1000);
        assertThat(median.p99Us()).isEqualTo(200);
        assertThat(median.allocPerCall()).isEqualTo(25_000);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        Figures median = Figures.medianOf(List.of(figures(1000, 100, 0, 0), figures(1003, 100, 0, 0)));

        assertThat(median.callsPerSecond()).isEqualTo(1002);
    }

    @Test
    void errorsAreAddedUpSoThatNoneHides() {
        Figures median = Figures.medianOf(List.of(figures(1, 1, 0, 0), figures(1, 1, 2, 0), figures(1, 1, 0, 0)));

        assertThat(median.errors()).isEqualTo(2);
    }

    @Test
    void noRoundsIsAMistake() {
        assertThatIllegalArgumentException().isThrownBy(() -> Figures.medianOf(List.of()));
    }

    private static Figures figures(long callsPerSecond, long p99Us, long errors, long allocPerCall) {
        return new Figures(callsPerSecond, p99Us / 2, p99Us, p99Us * 2, p99Us * 3, errors, allocPerCall, allocPerCall / 2, allocPerCall / 2);
    }
}
