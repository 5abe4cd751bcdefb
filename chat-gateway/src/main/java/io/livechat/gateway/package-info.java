/** The visitor gateway role: one node's assembly and lifecycle (listener, sessions, node channel, leases). */
package io.livechat.gateway;
