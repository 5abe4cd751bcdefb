package io.livechat.load.target;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The class path for a child JVM started from the generator's own code (a peer server, a generator process). */
public final class GeneratorClassPath {

    private GeneratorClassPath() {
    }

    /**
     * The shaded jar the generator runs from, when it also holds {@code dependency}; otherwise (a classes folder or
     * the plain module jar, as in a Maven build) this JVM's whole class path.
     */
    public static String containing(Class<?> dependency) {
        try {
            Path here = location(GeneratorClassPath.class);
            return Files.isRegularFile(here) && here.equals(location(dependency))
                    ? here.toString() : System.getProperty("java.class.path");
        } catch (URISyntaxException | RuntimeException e) {
            return System.getProperty("java.class.path");
        }
    }

    private static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
