package dev.jobrunner.job;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which cluster the Jobs run in, bound from {@code jobrunner.*}: the API server and credentials
 * come from the current kubeconfig context or the pod's service account.
 *
 * @param namespace namespace the Jobs run in; unset means the namespace of the current kubeconfig
 *     context, or the function's own namespace when it runs in a cluster
 */
@ConfigurationProperties("jobrunner")
public record KubernetesProperties(String namespace) {}
