/** Process-wide resources and their owner. */
package io.livechat.runtime;
