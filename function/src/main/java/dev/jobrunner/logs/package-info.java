/** Job logs: the pods' logs as one stream, and the store that keeps them with the Job's outcome. */
package dev.jobrunner.logs;
