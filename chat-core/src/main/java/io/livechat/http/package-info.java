/** HTTP plumbing both listeners share: responses, body limits, static files, health, readiness, metrics, drain. */
package io.livechat.http;
