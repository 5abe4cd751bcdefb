/** Zero-setup infrastructure: the embedded Redis, and the secret kept in the data folder. */
package io.livechat.server.infra;
