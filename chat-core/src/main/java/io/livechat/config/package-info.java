/** Settings: one immutable class with every default, filled from a file, the environment and flags. */
package io.livechat.config;
