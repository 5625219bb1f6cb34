/**
 * Kubernetes Jobs: building one from a request, creating it once per event, learning from one
 * shared informer when it finishes, and letting it be cleaned up once its log is safe.
 */
package dev.jobrunner.job;
