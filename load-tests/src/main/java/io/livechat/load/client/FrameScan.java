package io.livechat.load.client;

/**
 * Reads string fields out of the server's compact JSON frames without building a tree: the hot receive path of
 * tens of thousands of frames a second. Values with escapes are not needed (the generator's texts are plain).
 */
public final class FrameScan {

    private FrameScan() {
    }

    /** The string value of {@code "name"} at the top level or nested, the first occurrence; null when absent. */
    public static String field(String json, String name) {
        String key = "\"" + name + "\"";
        int i = json.indexOf(key);
        if (i < 0) {
            return null;
        }
        i += key.length();
        while (i < json.length() && (json.charAt(i) == ' ' || json.charAt(i) == ':')) {
            i++;
        }
        if (i >= json.length() || json.charAt(i) != '"') {
            return null;
        }
        int end = json.indexOf('"', i + 1);
        return end < 0 ? null : json.substring(i + 1, end);
    }
}
