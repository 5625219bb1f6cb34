/**
 * Dev mode: the function against an in-process Kubernetes API (fabric8's mock server with the test
 * cluster's Job controller, in real time) and an in-process S3 server, so that it can be tried
 * without a cluster. No container ever runs: images named {@code sim/...} choose what a simulated
 * Job does ({@link dev.jobrunner.devmode.SimulatedImages}).
 */
package dev.jobrunner.devmode;
