/** Privacy on the agent tier: a visitor's data exported or erased everywhere, and the retention purge. */
package io.livechat.server.privacy;
