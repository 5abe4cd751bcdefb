/** The visitor gateway role: the node's lifecycle and the visitor operations both transports share. */
package io.livechat.gateway;
