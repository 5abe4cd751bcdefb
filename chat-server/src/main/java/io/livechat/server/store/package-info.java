/**
 * PostgreSQL side of the agent server: the {@link io.livechat.server.store.Database} that owns the pool, the
 * embedded server, migrations and the JDBC executor; the repositories for agents, sites and transcripts; and the
 * {@link io.livechat.server.store.TranscriptWriter} that moves accepted messages from the Redis stream into
 * PostgreSQL in batches.
 *
 * <p>Repository methods are blocking JDBC calls. Code on a Netty event loop never calls them directly: it goes
 * through {@link io.livechat.server.store.Database#submit} or {@link io.livechat.server.store.Database#submitCall},
 * which run them on the bounded JDBC executor.
 */
package io.livechat.server.store;
