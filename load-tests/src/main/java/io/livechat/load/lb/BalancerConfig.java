package io.livechat.load.lb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a run's balancer configuration from the file shipped in {@code deploy/}: the same routing rules, only the
 * loopback ports replaced (and, for nginx, its log and temporary paths pointed into the run's folder), so that what
 * the scenario tests is what the deploy file says. Fails when the deploy file no longer has the expected addresses.
 */
public final class BalancerConfig {

    /** The addresses the deploy files use, in the README's example layout. */
    static final String VISITOR_FRONT = "127.0.0.1:8000";
    static final String AGENT_FRONT = "127.0.0.1:8001";
    static final String GATEWAY_1 = "127.0.0.1:8080";
    static final String GATEWAY_2 = "127.0.0.1:8090";
    static final String AGENT_SERVER = "127.0.0.1:8081";

    private static final Pattern LOOPBACK = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

    /** The ports of one run. */
    public record Ports(int visitorFront, int agentFront, int gateway1, int gateway2, int agentServer) {
    }

    private BalancerConfig() {
    }

    /** The deploy file's text, from the classpath. */
    public static String deployText(BalancerKind kind) throws IOException {
        try (InputStream in = BalancerConfig.class.getClassLoader().getResourceAsStream(kind.deployFile())) {
            if (in == null) {
                throw new IOException(kind.deployFile() + " is not on the classpath (the build copies deploy/)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The configuration for this run: the deploy file with its ports replaced and, for nginx, local paths. */
    public static String render(BalancerKind kind, String deployText, Ports ports, Path runDir) {
        Map<String, String> swap = new LinkedHashMap<>();
        swap.put(VISITOR_FRONT, "127.0.0.1:" + ports.visitorFront());
        swap.put(AGENT_FRONT, "127.0.0.1:" + ports.agentFront());
        swap.put(GATEWAY_1, "127.0.0.1:" + ports.gateway1());
        swap.put(GATEWAY_2, "127.0.0.1:" + ports.gateway2());
        swap.put(AGENT_SERVER, "127.0.0.1:" + ports.agentServer());
        StringBuilder out = new StringBuilder();
        Matcher m = LOOPBACK.matcher(deployText);
        Set<String> seen = new HashSet<>();
        while (m.find()) {
            String to = swap.get(m.group());
            if (to == null) {
                throw new IllegalStateException(kind.deployFile() + " has an address the scenario does not know: "
                        + m.group());
            }
            seen.add(m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(to));
        }
        m.appendTail(out);
        if (!seen.containsAll(swap.keySet())) {
            throw new IllegalStateException(kind.deployFile() + " lacks one of " + swap.keySet());
        }
        return kind == BalancerKind.NGINX ? withNginxPaths(out.toString(), runDir) : out.toString();
    }

    /** nginx's compiled-in log and temporary paths are system folders; a test run keeps them in its own folder. */
    private static String withNginxPaths(String conf, Path dir) {
        int http = conf.indexOf("http {");
        if (http < 0) {
            throw new IllegalStateException("deploy/nginx.conf has no 'http {' block");
        }
        int eol = conf.indexOf('\n', http) + 1;
        String local = "    # added by the lb scenario: this run's own folder for the access log and temporary files\n"
                + "    access_log " + dir.resolve("access.log") + ";\n"
                + "    client_body_temp_path " + dir.resolve("client_body") + ";\n"
                + "    proxy_temp_path " + dir.resolve("proxy") + ";\n"
                + "    fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n"
                + "    uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
                + "    scgi_temp_path " + dir.resolve("scgi") + ";\n";
        return conf.substring(0, eol) + local + conf.substring(eol);
    }
}
