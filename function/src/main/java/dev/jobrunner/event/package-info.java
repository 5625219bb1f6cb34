/**
 * CloudEvents over HTTP: reading deliveries in binary and structured mode, writing the
 * completion event as the reply, and answering failures with the status Knative acts on.
 */
package dev.jobrunner.event;
