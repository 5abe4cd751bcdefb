/**
 * The load generator's command line and its scenarios (Hold, Chat with its cross-node and slow-consumer variants,
 * Transcripts) and the JMH runner; run with {@code java -jar livechat-load.jar}.
 */
package io.livechat.load;
