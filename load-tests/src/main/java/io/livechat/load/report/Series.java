package io.livechat.load.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a chart: a name, a colour and (x, y) points, appended in x order by the main thread.
 *
 * @param name   legend text
 * @param color  CSS colour
 * @param points the points, {x, y}
 */
public record Series(String name, String color, List<double[]> points) {

    public Series(String name, String color) {
        this(name, color, new ArrayList<>());
    }

    public void add(double x, double y) {
        points.add(new double[] {x, y});
    }
}
