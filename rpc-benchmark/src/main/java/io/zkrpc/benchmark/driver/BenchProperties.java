package io.zkrpc.benchmark.driver;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The driver's options ({@code --bench.…=…}; {@code ./bench.sh --help} lists them as flags).
 *
 * @param mode {@code compare} (every scenario through the floors and zkrpc) or {@code soak}
 * @param providerUrl the provider's base URL, {@code http://127.0.0.1:PORT}, for the floor and the measuring endpoints
 * @param prewarm how long each scenario runs on each target, unmeasured, before the first round
 * @param warmup how long each run goes before its measured window
 * @param measure the measured window of each run
 * @param rounds how many times each scenario runs on each target; the report gives the medians
 * @param scenarios which scenarios run: comma-separated names ({@code findById}) or name and concurrency ({@code findById/32}); blank for all
 * @param targets which targets run, comma-separated: {@code floor}, {@code floor-servlet}, {@code zkrpc}, {@code zkrpc-auth},
 *        {@code zkrpc-observed}, {@code zkrpc-governed}, {@code zkrpc-jsonb}; blank for {@code floor-servlet}, {@code floor} and {@code zkrpc}
 * @param soak how long the soak runs
 * @param soakInterval how often the soak reads both heaps after a full GC
 * @param traceSampling the share of the target {@code zkrpc-observed}'s calls whose traces are recorded (the
 *        driver's sampler decides, the provider follows): 1.0, every call, unless set; Spring Boot's default is 0.1
 * @param longTaskTimer whether the target {@code zkrpc-observed} also keeps the {@code .active} long-task timers on both
 *        sides, as Spring Boot does by default; bench.sh passes it to the provider too
 */
@ConfigurationProperties("bench")
record BenchProperties(
        @DefaultValue("compare") String mode,
        String providerUrl,
        @DefaultValue("5s") Duration prewarm,
        @DefaultValue("3s") Duration warmup,
        @DefaultValue("10s") Duration measure,
        @DefaultValue("3") int rounds,
        @DefaultValue("") String scenarios,
        @DefaultValue("") String targets,
        @DefaultValue("5m") Duration soak,
        @DefaultValue("1m") Duration soakInterval,
        @DefaultValue("1.0") float traceSampling,
        @DefaultValue("true") boolean longTaskTimer) {
}
