package io.livechat.load.target;

import io.livechat.server.store.AgentRepository;
import io.livechat.server.store.PasswordHasher;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The agents a load run logs in as: the seeded demo agent and, for more than one, extra accounts written straight
 * into the server's embedded PostgreSQL (the server has no API for creating agents).
 */
public final class AgentAccounts {

    public static final String DEMO_EMAIL = "demo@example.com";
    public static final String DEMO_PASSWORD = "demo";
    private static final String LOAD_PASSWORD = "load-agent-password";

    /** An email and password to log in with. */
    public record Login(String email, String password) {
    }

    private AgentAccounts() {
    }

    /** The demo agent plus {@code count - 1} new ones in the target's database. */
    public static List<Login> ensure(ServerTarget target, int count) throws SQLException {
        List<Login> out = new ArrayList<>(List.of(new Login(DEMO_EMAIL, DEMO_PASSWORD)));
        if (count <= 1) {
            return out;
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://127.0.0.1:" + target.postgresPort() + "/postgres");
        ds.setUser("postgres");
        AgentRepository repo = new AgentRepository(ds, new PasswordHasher());
        for (int i = 1; i < count; i++) {
            String email = "load-agent-" + i + "@example.com";
            repo.create(email, "Load Agent " + i, LOAD_PASSWORD);
            out.add(new Login(email, LOAD_PASSWORD));
        }
        return out;
    }
}
