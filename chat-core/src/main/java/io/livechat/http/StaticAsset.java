package io.livechat.http;

/**
 * One file under {@code /web}, held in memory as served: its bytes, a gzip copy made once (null when gzip does
 * not make it smaller) and its version, a hash of the bytes that names it in ETags and versioned URLs.
 *
 * @param contentType the Content-Type header
 * @param identity    the file's bytes
 * @param gzip        the gzip-compressed bytes, or null when they are not smaller
 * @param version     a URL-safe hash of {@code identity}
 */
public record StaticAsset(String contentType, byte[] identity, byte[] gzip, String version) {

    /** The strong validator of one representation: each encoding has its own, sharing the version. */
    public String etag(boolean gzipped) {
        return gzipped ? "\"" + version + "-gz\"" : "\"" + version + "\"";
    }

    /**
     * Whether an If-None-Match header names this version in any encoding (weak comparison, as RFC 9110 asks
     * for If-None-Match), or is {@code *}.
     */
    public boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*")) {
                return true;
            }
            t = t.startsWith("W/") ? t.substring(2) : t;
            if (t.equals(etag(false)) || t.equals(etag(true))) {
                return true;
            }
        }
        return false;
    }
}
