package io.livechat.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Json;
import io.livechat.server.store.Database;
import io.livechat.server.store.StatsRepository;
import io.livechat.server.store.StatsRepository.By;
import io.livechat.server.store.StatsRepository.Group;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/stats?from=&to=&by=}: the statistics of the conversations that started in a time range, in total
 * and by agent, tag or day, computed by PostgreSQL from the stored transcripts.
 */
public final class StatsApi {

    static final Duration DEFAULT_RANGE = Duration.ofDays(7);
    static final Duration MAX_RANGE = Duration.ofDays(366);

    private final Database db;
    private final StatsRepository stats;
    private final Clock clock;

    public StatsApi(Database db, StatsRepository stats, Clock clock) {
        this.db = db;
        this.stats = stats;
        this.clock = clock;
    }

    /** Validates the parameters at once (on the caller's thread), then queries on the JDBC executor. */
    public CompletableFuture<String> stats(String fromParam, String toParam, String byParam) {
        Instant to = toParam == null ? clock.instant() : instant(toParam, true);
        Instant from = fromParam == null ? to.minus(DEFAULT_RANGE) : instant(fromParam, false);
        if (!from.isBefore(to) || Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "from must be before to, at most 366 days apart");
        }
        By by = by(byParam);
        return db.submitCall(() -> {
            Group total = stats.groups(from, to, By.NONE).get("all");
            ObjectNode r = Json.object().put("from", from.toString()).put("to", to.toString())
                    .put("by", by.name().toLowerCase(Locale.ROOT));
            r.set("total", figures(total == null ? empty() : total));
            ArrayNode groups = r.putArray("groups");
            if (by != By.NONE) {
                stats.groups(from, to, by).values().forEach(g -> groups.add(
                        figures(g).put("key", g.key()).put("label", g.label())));
            }
            return Json.write(r);
        });
    }

    /** A date ({@code 2026-11-03}, UTC; as {@code to}, the whole day is included) or an instant (ISO-8601). */
    static Instant instant(String value, boolean endOfDay) {
        try {
            if (value.length() == 10) {
                LocalDate d = LocalDate.parse(value);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "from and to are dates (2026-11-03) or instants"
                    + " (2026-11-03T09:00:00Z)");
        }
    }

    static By by(String value) {
        if (value == null || value.isEmpty()) {
            return By.NONE;
        }
        for (By b : By.values()) {
            if (b.name().equalsIgnoreCase(value)) {
                return b;
            }
        }
        throw new ChatException(ErrorCode.BAD_REQUEST, "by is one of none, agent, tag, day");
    }

    private static Group empty() {
        return new Group("all", "all", 0, 0, 0, 0, null, null, 0, null, null, 0, null, new long[11]);
    }

    private static ObjectNode figures(Group g) {
        ObjectNode n = Json.object().put("conversations", g.conversations()).put("answered", g.answered())
                .put("messages", g.messages());
        time(n.putObject("firstResponseSeconds"), g.firstResponseCount(), g.firstResponseMean(),
                g.firstResponseMedian());
        time(n.putObject("handlingSeconds"), g.handlingCount(), g.handlingMean(), g.handlingMedian());
        ObjectNode s = n.putObject("satisfaction").put("count", g.ratings());
        s.put("mean", g.ratingMean());
        ArrayNode dist = s.putArray("distribution");
        for (long c : g.distribution()) {
            dist.add(c);
        }
        return n;
    }

    private static void time(ObjectNode n, long count, Double mean, Double median) {
        n.put("count", count);
        n.put("mean", mean);
        n.put("median", median);
    }
}
