package dev.jobrunner.request;

import java.util.Set;

/**
 * The environment variables the Job template already sets on the container a request runs in. A
 * request may not override them, as it may not override job-runner's own: the template is the
 * operator's (a proxy, a trust store, a tenant id), the request a client's. Provided by the Job
 * feature, which reads the template, so that this package does not depend on it.
 */
@FunctionalInterface
public interface TemplateEnvironment {

    /** @return the names the template sets */
    Set<String> names();
}
