package io.livechat.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.protocol.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A tiny JSON-over-HTTP client for tests (JDK HttpClient). */
public final class Http {

    public static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * An answer.
     *
     * @param status HTTP status
     * @param body   the body text
     */
    public record Reply(int status, String body) {
        public JsonNode json() {
            return Json.parseObject(body);
        }

        public String code() {
            return json().path("code").asText();
        }
    }

    private Http() {
    }

    public static Reply get(String url) {
        return get(url, Map.of());
    }

    public static Reply get(String url, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(b::header);
        return send(b.build());
    }

    public static Reply post(String url, String body) {
        return post(url, body, Map.of());
    }

    public static Reply post(String url, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    /** A DELETE with {@code headers}. */
    public static Reply delete(String url, Map<String, String> headers) {
        return request("DELETE", url, null, headers);
    }

    /** Any method, with a JSON body when {@code body} is not null. */
    public static Reply request(String method, String url, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        return send(b.build());
    }

    private static Reply send(HttpRequest req) {
        try {
            HttpResponse<String> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
