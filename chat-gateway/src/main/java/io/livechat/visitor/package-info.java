/** What a visitor can do whatever the transport: create or resume a session, send, receipts, rating, typing. */
package io.livechat.visitor;
