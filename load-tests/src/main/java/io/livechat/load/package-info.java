/** The load generator's command line and its scenarios (Hold, Chat); run with {@code java -jar livechat-load.jar}. */
package io.livechat.load;
