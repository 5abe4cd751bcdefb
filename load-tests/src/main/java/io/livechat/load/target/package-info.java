/**
 * The servers under test (one all-in-one process, in-process, or the roles as separate processes with their own
 * Redis and PostgreSQL), what the kernel says about them ({@code /proc}), and a Redis pub/sub probe.
 */
package io.livechat.load.target;
