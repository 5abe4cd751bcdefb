package io.livechat.testsupport;

/** The two visitor transports every visitor-facing scenario runs on. */
public enum Transport {
    WEBSOCKET, LONGPOLL
}
