package io.livechat.load.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.protocol.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes a run's results: {@code <scenario>-<time>.json} and a self-contained {@code <scenario>-<time>.html} with
 * the summary and inline SVG charts.
 */
public final class ResultFiles {

    private ResultFiles() {
    }

    /** Writes both files and returns the JSON file's path. */
    public static Path write(Path dir, String scenario, ObjectNode result, List<String> svgCharts) throws IOException {
        Files.createDirectories(dir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path json = dir.resolve(scenario + "-" + stamp + ".json");
        String pretty = Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
        Files.writeString(json, pretty + "\n", StandardCharsets.UTF_8);
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>livechat ")
                .append(scenario).append(' ').append(stamp).append("</title></head>\n<body style='font-family:sans-serif'>\n")
                .append("<h1>livechat load test: ").append(scenario).append("</h1>\n");
        svgCharts.forEach(svg -> html.append("<div>").append(svg).append("</div>\n"));
        html.append("<h2>Results</h2>\n<pre>").append(SvgChart.esc(pretty)).append("</pre>\n</body></html>\n");
        Files.writeString(dir.resolve(scenario + "-" + stamp + ".html"), html, StandardCharsets.UTF_8);
        return json;
    }
}
