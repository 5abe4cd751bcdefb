package io.livechat.load.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.protocol.Json;
import org.HdrHistogram.Histogram;

/** Turns a histogram of microseconds into the figures we report, in milliseconds. */
public final class Percentiles {

    private Percentiles() {
    }

    public static ObjectNode json(Histogram h) {
        ObjectNode n = Json.object().put("count", h.getTotalCount());
        n.put("p50Ms", ms(h, 50)).put("p90Ms", ms(h, 90)).put("p99Ms", ms(h, 99)).put("p999Ms", ms(h, 99.9))
                .put("maxMs", h.getTotalCount() == 0 ? 0 : round(h.getMaxValue() / 1000.0))
                .put("meanMs", h.getTotalCount() == 0 ? 0 : round(h.getMean() / 1000.0));
        return n;
    }

    public static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : round(h.getValueAtPercentile(percentile) / 1000.0);
    }

    public static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** One line for the console: {@code p50 0.41 ms  p90 ...}. */
    public static String line(Histogram h) {
        return String.format("p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms  (n=%d)",
                ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
                h.getTotalCount() == 0 ? 0.0 : h.getMaxValue() / 1000.0, h.getTotalCount());
    }
}
