package io.livechat.load;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.concurrent.Callable;

/**
 * Runs the JMH benchmarks of {@code io.livechat.load.jmh} with short, bounded settings and writes JMH's JSON to
 * {@code results/jmh-<time>.json} (for everything JMH offers, {@code java -cp livechat-load.jar org.openjdk.jmh.Main}).
 */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = "JMH benchmarks of hot paths (message JSON, envelope, session buffer, batch inserters).")
public final class JmhCommand implements Callable<Integer> {

    @Option(names = "--include", description = "regex of benchmarks to run (default: ${DEFAULT-VALUE})")
    String include = "io\\.livechat\\.load\\.jmh\\..*";

    @Option(names = "--forks", description = "JVM forks per benchmark; 0 runs in this JVM (default: ${DEFAULT-VALUE})")
    int forks = 1;

    @Option(names = "--warmup", description = "warm-up iterations (default: ${DEFAULT-VALUE})")
    int warmup = 3;

    @Option(names = "--iterations", description = "measured iterations (default: ${DEFAULT-VALUE})")
    int iterations = 5;

    @Option(names = "--seconds", description = "seconds per iteration (default: ${DEFAULT-VALUE})")
    double seconds = 1;

    @Option(names = "--out", description = "results folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("load-tests/results");

    Path resultFile;

    @Override
    public Integer call() throws Exception {
        if (forks < 0 || forks > 5 || warmup < 0 || warmup > 20 || iterations < 1 || iterations > 50
                || seconds <= 0 || seconds > 30) {
            throw new IllegalArgumentException("bounded runs only: forks 0..5, warm-up 0..20, iterations 1..50, 0..30 s");
        }
        Files.createDirectories(out);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        resultFile = out.resolve("jmh-" + stamp + ".json");
        TimeValue time = TimeValue.milliseconds(Math.round(seconds * 1000));
        ChainedOptionsBuilder opts = new OptionsBuilder().include(include).forks(forks)
                .warmupIterations(warmup).warmupTime(time).measurementIterations(iterations).measurementTime(time)
                .resultFormat(ResultFormatType.JSON).result(resultFile.toString())
                .jvmArgsAppend("-Xmx1g");
        Collection<RunResult> results = new Runner(opts.build()).run();
        System.out.println("results: " + resultFile);
        return results.isEmpty() ? 1 : 0;
    }
}
