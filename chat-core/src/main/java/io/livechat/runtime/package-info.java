/** Process-wide resources and their owner, and the guard that keeps jobs on the shared timer alive. */
package io.livechat.runtime;
