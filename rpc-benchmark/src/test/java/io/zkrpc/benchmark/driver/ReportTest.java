package io.zkrpc.benchmark.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ReportTest {

    private final Scenario findById32 = Scenario.select("findById/32").get(0);

    @Test
    void resultLineHasTheAgreedFieldsInTheAgreedOrder() {
        Figures medians = new Figures(13_012, 2_100, 11_007, 15_000, 40_000, 0, 25_367, 10_740, 14_627);

        assertThat(Report.resultLine(findById32, Target.ZKRPC, medians)).isEqualTo(
                "RESULT scenario=findById c=32 target=zkrpc calls_per_s=13012 p50_us=2100 p99_us=11007 errors=0 alloc_per_call_bytes=25367");
    }

    @Test
    void ratioLineIsZkrpcOverFloorWithTwoDecimals() {
        Figures floor = new Figures(13_000, 0, 11_000, 0, 0, 0, 0, 0, 0);
        Figures zkrpc = new Figures(11_700, 0, 13_750, 0, 0, 0, 0, 0, 0);

        assertThat(Report.ratioLine("RATIO", findById32, floor, zkrpc)).isEqualTo("RATIO scenario=findById c=32 throughput=0.90 p99=1.25");
    }

    @Test
    void aRatioOverZeroIsNotANumber() {
        assertThat(Report.ratio(5, 0)).isEqualTo("n/a");
    }

    @Test
    void durationsAndSizesPrintShort() {
        assertThat(Report.seconds(Duration.ofSeconds(10))).isEqualTo("10");
        assertThat(Report.seconds(Duration.ofMillis(1500))).isEqualTo("1.5");
        assertThat(Report.minutes(Duration.ofMinutes(5))).isEqualTo("5");
        assertThat(Report.minutes(Duration.ofSeconds(30))).isEqualTo("0.50");
        assertThat(Report.mebibytes(3 * 1024 * 1024 + 512 * 1024)).isEqualTo("3.5");
        assertThat(Report.mebibytes(-1)).isEqualTo("n/a");
    }
}
