package io.livechat.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Loads every file under {@code /web} on the classpath once, at startup: hashed, gzipped when that helps, and the
 * HTML pages' own {@code <script src>} and {@code <link href>} pointing at the versioned URLs
 * ({@code ?v=<version>}) of the files they load, so that those can be cached for a year.
 */
final class StaticAssets {

    private static final Logger LOG = LoggerFactory.getLogger(StaticAssets.class);

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png",
            "json", "application/json; charset=utf-8", "ico", "image/x-icon");

    /** A tag's own local reference, not text such as {@code &lt;script src="..."} shown on a page. */
    private static final Pattern REFERENCE =
            Pattern.compile("(<(?:script|link)\\b[^>]*?\\s(?:src|href)=\")(/[^\"?#]+)(\")");

    private StaticAssets() {
    }

    /** Every file under {@code /web}, by its path below it ({@code /widget/widget.js}). */
    static Map<String, StaticAsset> load() {
        Map<String, byte[]> files = new HashMap<>();
        try {
            for (URL root : Collections.list(StaticAssets.class.getClassLoader().getResources("web"))) {
                readTree(root.toURI(), files);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the web files from the classpath", e);
        }
        Map<String, String> versions = new HashMap<>();
        files.forEach((path, bytes) -> versions.put(path, hash(bytes)));
        Map<String, StaticAsset> assets = new HashMap<>();
        files.forEach((path, bytes) -> assets.put(path,
                asset(path, path.endsWith(".html") ? versionReferences(bytes, versions) : bytes)));
        LOG.info("serving {} web files from memory", assets.size());
        return Map.copyOf(assets);
    }

    private static void readTree(URI root, Map<String, byte[]> into) throws IOException {
        if ("jar".equals(root.getScheme())) {
            try (FileSystem fs = FileSystems.newFileSystem(root, Map.of())) {
                walk(fs.getPath("/web"), into);
            } catch (FileSystemAlreadyExistsException e) {
                // opened by someone else, who closes it
                walk(FileSystems.getFileSystem(root).getPath("/web"), into);
            }
        } else {
            walk(Path.of(root), into);
        }
    }

    private static void walk(Path top, Map<String, byte[]> into) throws IOException {
        try (Stream<Path> s = Files.walk(top)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String rel = top.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                into.putIfAbsent("/" + rel, Files.readAllBytes(p));
            }
        }
    }

    static byte[] versionReferences(byte[] html, Map<String, String> versions) {
        Matcher m = REFERENCE.matcher(new String(html, StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = versions.get(m.group(2));
            String ref = v == null ? m.group(2) : m.group(2) + "?v=" + v;
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + ref + m.group(3)));
        }
        return m.appendTail(sb).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StaticAsset asset(String path, byte[] bytes) {
        String ext = path.substring(path.lastIndexOf('.') + 1);
        String type = TYPES.getOrDefault(ext, "application/octet-stream");
        byte[] gz = type.startsWith("image/") && !ext.equals("svg") ? null : gzip(bytes);
        return new StaticAsset(type, bytes, gz != null && gz.length < bytes.length ? gz : null, hash(bytes));
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** 96 bits of SHA-256, URL-safe: 16 characters. */
    private static String hash(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
