package io.livechat.server.store;

/**
 * An agent account as the desk and the token code see it (never the password hash).
 *
 * @param id          database id
 * @param email       login, lower-cased
 * @param displayName name shown to visitors
 * @param role        {@code agent} or {@code supervisor}
 */
public record Agent(long id, String email, String displayName, String role) {

    public static final String ROLE_AGENT = "agent";
    public static final String ROLE_SUPERVISOR = "supervisor";
}
