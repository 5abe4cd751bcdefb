package io.livechat.store;

import java.util.List;

/**
 * The snapshot a node resumes a visitor session from.
 *
 * @param conversationId the session's conversation
 * @param siteKey        the site it belongs to
 * @param visitorName    the name given in the pre-chat form, may be empty
 * @param previousNode   the node that held the session before, empty if none
 * @param lastSeq        the conversation's last sequence number at attach time
 * @param recent         the newest events, in order, up to the requested count
 */
public record AttachResult(String conversationId, String siteKey, String visitorName, String previousNode,
                           long lastSeq, List<SeqEvent> recent) {
}
