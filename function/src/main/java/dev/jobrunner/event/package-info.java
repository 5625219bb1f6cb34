/**
 * The completion event the function replies with: its attributes, extensions and data, built
 * from the request and the stored completion record alone.
 */
package dev.jobrunner.event;
