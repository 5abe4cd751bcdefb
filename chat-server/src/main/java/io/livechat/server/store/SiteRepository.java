package io.livechat.server.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the customer sites (key, name, allowed origins) in PostgreSQL, the source the Redis copy read by the
 * gateways is filled from.
 *
 * <p>Blocking JDBC: call it through {@link Database#submitCall}, never from an event loop.
 */
public final class SiteRepository {

    private static final Logger LOG = LoggerFactory.getLogger(SiteRepository.class);

    private static final String UPSERT = """
            insert into sites (site_key, name, allowed_origins) values (?, ?, ?)
            on conflict (site_key) do update
               set name = excluded.name, allowed_origins = excluded.allowed_origins""";
    private static final String ALL = "select site_key, name, allowed_origins from sites order by site_key";
    private static final String ONE = "select site_key, name, allowed_origins from sites where site_key = ?";

    private final DataSource dataSource;

    public SiteRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Inserts the site or replaces its name and origins. */
    public void upsert(Site site) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
            Array origins = c.createArrayOf("text", site.allowedOrigins().toArray());
            ps.setString(1, site.siteKey());
            ps.setString(2, site.name());
            ps.setArray(3, origins);
            ps.executeUpdate();
            origins.free();
        }
        LOG.info("Site {} saved with origins {}", site.siteKey(), site.allowedOrigins());
    }

    /** Every site, ordered by key. */
    public List<Site> all() throws SQLException {
        List<Site> sites = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ALL);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sites.add(map(rs));
            }
        }
        return sites;
    }

    public Optional<Site> find(String siteKey) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ONE)) {
            ps.setString(1, siteKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    private static Site map(ResultSet rs) throws SQLException {
        Array array = rs.getArray("allowed_origins");
        String[] origins = (String[]) array.getArray();
        array.free();
        return new Site(rs.getString("site_key"), rs.getString("name"), Arrays.asList(origins));
    }
}
