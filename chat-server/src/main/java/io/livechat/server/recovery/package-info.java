/**
 * Recovery from a Redis that lost its data: conversations are put back into Redis from PostgreSQL, the durable
 * record, with a new epoch and their seq at the highest PostgreSQL holds, on a gateway's request or when an agent
 * acts on one.
 */
package io.livechat.server.recovery;
