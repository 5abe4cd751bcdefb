package io.livechat.load.lb;

import java.nio.file.Files;
import java.nio.file.Path;

/** Which load balancer runs in front of the gateways: its binary, and the file of {@code deploy/} it is made from. */
public enum BalancerKind {
    HAPROXY("/usr/sbin/haproxy", "deploy/haproxy.cfg"),
    NGINX("/usr/sbin/nginx", "deploy/nginx.conf");

    private final Path binary;
    private final String deployFile;

    BalancerKind(String binary, String deployFile) {
        this.binary = Path.of(binary);
        this.deployFile = deployFile;
    }

    /** Where Debian's package installs it. */
    public Path binary() {
        return binary;
    }

    /** The shipped configuration, as a classpath resource (the build copies {@code deploy/} into the jar). */
    public String deployFile() {
        return deployFile;
    }

    /** Whether the binary is installed and executable here. */
    public boolean installed() {
        return Files.isExecutable(binary);
    }

    public String label() {
        return name().toLowerCase();
    }
}
