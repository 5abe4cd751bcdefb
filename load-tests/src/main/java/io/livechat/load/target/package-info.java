/** The server under test (a separate process or in-process) and what the kernel says about it ({@code /proc}). */
package io.livechat.load.target;
