/** The job request clients send, and every rule it must meet. */
package dev.jobrunner.request;
