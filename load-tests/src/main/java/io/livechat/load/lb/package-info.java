/**
 * The "behind a real load balancer" scenario: HAProxy or nginx (Debian's packages) rendered from the configurations
 * in {@code deploy/}, visitors that reconnect and resume through it, and the checks of pinning and failover.
 */
package io.livechat.load.lb;
