/** The resilience4j guards every call to the Kubernetes API and to object storage goes through. */
package dev.jobrunner.guard;
