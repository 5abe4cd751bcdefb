package io.livechat.server;

import io.livechat.config.ChatConfig;
import io.livechat.server.store.AgentRepository;
import io.livechat.server.store.Database;
import io.livechat.server.store.PasswordHasher;
import io.livechat.server.store.Site;
import io.livechat.server.store.SiteRepository;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code run} (every role in one process, the default), {@code gateway}, {@code server},
 * {@code agent-add}, {@code site-add}.
 */
@Command(name = "livechat", mixinStandardHelpOptions = true, version = "livechat 0.1.0",
        description = "Self-hosted live chat: visitor gateways, agent server, transcripts.",
        subcommands = {Main.Run.class, Main.Gateway.class, Main.Server.class, Main.AgentAdd.class,
            Main.SiteAdd.class})
public final class Main implements Callable<Integer> {

    @CommandLine.Mixin
    ConfigOptions options = new ConfigOptions();

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        return new Run().withOptions(options).call();
    }

    /** Options every command takes; they end up as CHAT_* settings above the file and the environment. */
    static final class ConfigOptions {
        @Option(names = "--config", description = "properties file with CHAT_* settings (default: $CHAT_CONFIG)")
        Path configFile;

        @Option(names = {"-s", "--set"}, description = "a setting, e.g. --set CHAT_GATEWAY_PORT=9090 (repeatable)")
        Map<String, String> settings = new HashMap<>();

        @Option(names = "--node-id", description = "this node's id (CHAT_NODE_ID)")
        String nodeId;

        ChatConfig load() throws IOException {
            Map<String, String> file = new HashMap<>();
            Path path = configFile != null ? configFile
                    : System.getenv("CHAT_CONFIG") != null ? Path.of(System.getenv("CHAT_CONFIG")) : null;
            if (path != null) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                p.forEach((k, v) -> file.put(String.valueOf(k), String.valueOf(v)));
            }
            Map<String, String> flags = new HashMap<>(settings);
            if (nodeId != null) {
                flags.put("CHAT_NODE_ID", nodeId);
            }
            ChatConfig config = ChatConfig.of(file, System.getenv(), flags);
            applyLogLevel(config);
            return config;
        }

        /** logback.xml reads only the environment variable; the file and the flags count as much (the README). */
        private static void applyLogLevel(ChatConfig config) {
            if (LoggerFactory.getLogger("io.livechat") instanceof ch.qos.logback.classic.Logger ours) {
                ours.setLevel(ch.qos.logback.classic.Level.toLevel(config.logLevel()));
            }
        }
    }

    @Command(name = "run", description = "Every role in one process; embedded Redis and PostgreSQL unless configured.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        Run withOptions(ConfigOptions o) {
            options = o;
            return this;
        }

        @Override
        public Integer call() throws Exception {
            return serve(Launcher.allInOne(options.load()));
        }
    }

    @Command(name = "gateway", description = "The visitor gateway role only (needs a reachable Redis).")
    static final class Gateway implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Override
        public Integer call() throws Exception {
            return serve(Launcher.gateway(options.load()));
        }
    }

    @Command(name = "server", description = "The agent-server role only (needs a reachable Redis and PostgreSQL).")
    static final class Server implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Override
        public Integer call() throws Exception {
            return serve(Launcher.server(options.load()));
        }
    }

    @Command(name = "agent-add", description = "Creates an agent account, or resets its name and password.")
    static final class AgentAdd implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Option(names = "--email", required = true)
        String email;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--password-stdin", description = "read the password from the first line of stdin")
        boolean passwordStdin;

        @Option(names = "--password", description = "the password (prefer --password-stdin: argv is visible)")
        String password;

        @Override
        public Integer call() throws Exception {
            String pw = passwordStdin
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine()
                    : password;
            if (pw == null || pw.isEmpty()) {
                System.err.println("give a password with --password-stdin or --password");
                return 2;
            }
            ChatConfig config = options.load();
            try (Database db = Launcher.database(config, false)) {
                var agent = new AgentRepository(db.dataSource(), new PasswordHasher()).create(email, name, pw);
                System.out.println("agent " + agent.id() + " <" + agent.email() + "> ready");
            }
            return 0;
        }
    }

    @Command(name = "site-add", description = "Creates a site (a widget site key and its allowed origins), or "
            + "replaces its name and origins; the agent server publishes it to the gateways within a minute.")
    static final class SiteAdd implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Option(names = "--key", required = true, description = "the site key of the embed tag (data-site-key)")
        String key;

        @Option(names = "--name", description = "display name (default: the key)")
        String name;

        @Option(names = "--origin", required = true, description = "an origin whose pages may use the widget, "
                + "e.g. https://shop.example; '*' allows any (repeatable)")
        List<String> origins;

        @Override
        public Integer call() throws Exception {
            try (Database db = Launcher.database(options.load(), false)) {
                new SiteRepository(db.dataSource()).upsert(new Site(key, name == null ? key : name, origins));
                System.out.println("site " + key + " ready, allowed origins " + origins);
            }
            return 0;
        }
    }

    private static int serve(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e);
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
