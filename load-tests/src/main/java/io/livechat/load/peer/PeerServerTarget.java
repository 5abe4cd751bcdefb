package io.livechat.load.peer;

import io.livechat.load.target.InfraCpu;

import io.livechat.load.target.ServerTarget;

/** A peer's server: one process on one port, with no Redis or PostgreSQL beside it (a peer stores nothing). */
public interface PeerServerTarget extends ServerTarget {

    /** The peer's one port. */
    int port();

    @Override
    default String host() {
        return "127.0.0.1";
    }

    @Override
    default int gatewayPort() {
        return port();
    }

    @Override
    default int serverPort() {
        return port();
    }

    /** No PostgreSQL. */
    @Override
    default int postgresPort() {
        return -1;
    }

    /** No Redis. */
    @Override
    default String redisUrl() {
        return null;
    }

    /** No Redis or PostgreSQL beside it. */
    @Override
    default InfraCpu infraCpu() {
        return InfraCpu.NONE;
    }

    @Override
    default boolean inProcess() {
        return false;
    }
}
