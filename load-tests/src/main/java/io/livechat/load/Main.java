package io.livechat.load;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The load generator's command line: {@code hold}, {@code chat}, {@code compare} and {@code transcripts}, each against
 * servers it starts itself.
 */
@Command(name = "livechat-load", mixinStandardHelpOptions = true, version = "livechat-load 0.1.0",
        description = "Event-driven load generator for livechat (loopback only, bounded in count and time).",
        subcommands = {HoldScenario.class, ChatScenario.class, CompareScenario.class, TranscriptsScenario.class,
            JmhCommand.class, io.livechat.load.lb.LbScenario.class, HoldClients.class, ReplicaWaitScenario.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code (0: every check passed); tests call this. */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
