/** Shared test helpers: real embedded Redis and PostgreSQL, nodes, and visitor and agent clients. */
package io.livechat.testsupport;
