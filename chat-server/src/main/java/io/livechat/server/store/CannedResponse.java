package io.livechat.server.store;

/**
 * A standard answer an agent inserts by its shortcut ({@code /refund}).
 *
 * @param id       database id
 * @param agentId  the owning agent, or null for one shared by every agent
 * @param shortcut what the agent types after {@code /}, 1-32 characters of {@code [A-Za-z0-9_-]}
 * @param body     the text inserted, with placeholders such as {@code {visitor.name}} filled in by the desk
 */
public record CannedResponse(long id, Long agentId, String shortcut, String body) {

    public boolean shared() {
        return agentId == null;
    }
}
