package io.livechat.load.client;

/**
 * One HTTP answer as the generator needs it.
 *
 * @param status the status code
 * @param body   the body, UTF-8 decoded
 */
public record HttpReply(int status, String body) {
}
