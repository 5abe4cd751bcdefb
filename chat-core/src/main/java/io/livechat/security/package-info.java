/** Signed tokens for visitors and agents. */
package io.livechat.security;
