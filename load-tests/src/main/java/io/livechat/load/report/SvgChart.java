package io.livechat.load.report;

import java.util.List;
import java.util.Locale;

/** Draws series as an inline SVG line chart (no scripts, no external files), optionally with a log-scale y axis. */
public final class SvgChart {

    private static final int W = 900;
    private static final int H = 320;
    private static final int LEFT = 70;
    private static final int BOTTOM = 40;
    private static final int TOP = 30;

    private SvgChart() {
    }

    public static String render(String title, String xLabel, String yLabel, boolean logY, List<Series> series) {
        double maxX = 1;
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
                if (p[1] > 0) {
                    minY = Math.min(minY, p[1]);
                }
            }
        }
        double lo = logY ? Math.pow(10, Math.floor(Math.log10(minY == Double.MAX_VALUE ? 0.01 : minY))) : 0;
        double hi = logY ? Math.pow(10, Math.ceil(Math.log10(Math.max(maxY, lo * 10)))) : Math.max(maxY * 1.1, 1e-9);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "font-family='sans-serif' font-size='12'>%n", W, H + 20));
        b.append(String.format(Locale.ROOT, "<text x='%d' y='18' font-size='14'>%s</text>%n", LEFT, esc(title)));
        int plotW = W - LEFT - 20;
        int plotH = H - TOP - BOTTOM;
        b.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>%n",
                LEFT, TOP, plotW, plotH));
        for (int i = 0; i <= 4; i++) {
            double frac = i / 4.0;
            double v = logY ? lo * Math.pow(hi / lo, frac) : hi * frac;
            int y = (int) (TOP + plotH - frac * plotH);
            b.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='#eee'/>"
                    + "<text x='%d' y='%d' text-anchor='end'>%s</text>%n", LEFT, LEFT + plotW, y, y, LEFT - 5, y + 4,
                    fmt(v)));
        }
        for (int i = 0; i <= 5; i++) {
            int x = (int) (LEFT + i / 5.0 * plotW);
            b.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>%s</text>%n", x,
                    TOP + plotH + 15, fmt(maxX * i / 5.0)));
        }
        b.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>%s</text>%n",
                LEFT + plotW / 2, H - 5, esc(xLabel)));
        b.append(String.format(Locale.ROOT, "<text x='12' y='%d' transform='rotate(-90 12 %d)' "
                + "text-anchor='middle'>%s</text>%n", TOP + plotH / 2, TOP + plotH / 2, esc(yLabel)));
        int legendX = LEFT + 10;
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (double[] p : s.points()) {
                double yv = logY ? Math.log(Math.max(p[1], lo) / lo) / Math.log(hi / lo) : p[1] / hi;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + p[0] / maxX * plotW,
                        TOP + plotH - Math.min(1, yv) * plotH));
            }
            b.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='1.5' points='%s'/>%n",
                    s.color(), pts.toString().trim()));
            b.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='12' height='3' fill='%s'/>"
                    + "<text x='%d' y='%d'>%s</text>%n", legendX, TOP + 8, s.color(), legendX + 16, TOP + 12,
                    esc(s.name())));
            legendX += 30 + 7 * s.name().length();
        }
        return b.append("</svg>\n").toString();
    }

    private static String fmt(double v) {
        if (v == 0) {
            return "0";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
