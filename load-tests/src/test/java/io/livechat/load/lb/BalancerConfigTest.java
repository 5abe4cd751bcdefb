package io.livechat.load.lb;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rendered configurations are the deploy files with only ports (and nginx's local paths) changed. */
class BalancerConfigTest {

    private static final BalancerConfig.Ports PORTS = new BalancerConfig.Ports(41000, 41001, 41080, 41090, 41081);

    @Test
    void haproxyKeepsEveryRoutingLineAndChangesOnlyThePorts() throws IOException {
        String deploy = BalancerConfig.deployText(BalancerKind.HAPROXY);
        String out = BalancerConfig.render(BalancerKind.HAPROXY, deploy, PORTS, Path.of("/tmp/x"));

        assertEquals(deploy.replace(":8000", ":41000").replace(":8001", ":41001").replace(":8080", ":41080")
                .replace(":8090", ":41090").replace(":8081", ":41081"), out);
        assertTrue(out.contains("balance url_param sid") && out.contains("hash-type consistent"));
    }

    @Test
    void nginxKeepsEveryRoutingLineAndGetsItsPathsInTheRunFolder() throws IOException {
        String deploy = BalancerConfig.deployText(BalancerKind.NGINX);
        String out = BalancerConfig.render(BalancerKind.NGINX, deploy, PORTS, Path.of("/tmp/run"));

        assertTrue(out.contains("hash $arg_sid consistent;"));
        assertTrue(out.contains("server 127.0.0.1:41080") && out.contains("server 127.0.0.1:41090"));
        assertTrue(out.contains("listen 127.0.0.1:41000;") && out.contains("listen 127.0.0.1:41001;"));
        assertTrue(out.contains("proxy_temp_path /tmp/run/proxy;"));
        assertFalse(out.matches("(?s).*127\\.0\\.0\\.1:80[0-9][0-9].*"), "no deploy port left");
        String withoutAdded = out.lines().filter(l -> !l.contains("/tmp/run") && !l.contains("added by the lb"))
                .reduce("", (a, b) -> a + b + "\n");
        assertEquals(deploy.replace(":8000", ":41000").replace(":8001", ":41001").replace(":8080", ":41080")
                .replace(":8090", ":41090").replace(":8081", ":41081"), withoutAdded);
    }

    @Test
    void anAddressTheScenarioDoesNotKnowIsRefused() {
        String odd = "server 127.0.0.1:8080;\nserver 127.0.0.1:8090;\nserver 127.0.0.1:9999;\n";
        assertThrows(IllegalStateException.class,
                () -> BalancerConfig.render(BalancerKind.HAPROXY, odd, PORTS, Path.of("/tmp/x")));
    }
}
