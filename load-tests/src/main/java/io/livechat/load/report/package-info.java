/** Latency recording (HdrHistogram), the delivery ledger, and the JSON and HTML results of a run. */
package io.livechat.load.report;
