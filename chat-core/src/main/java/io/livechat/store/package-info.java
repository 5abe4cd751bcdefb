/** Redis: the key layout, the Lua scripts and the recoverable per-conversation log both tiers use. */
package io.livechat.store;
