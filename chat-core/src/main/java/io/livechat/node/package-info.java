/** What every node role shares: its id, readiness, listener and guarded periodic jobs. */
package io.livechat.node;
