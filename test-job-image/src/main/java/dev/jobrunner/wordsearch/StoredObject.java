package dev.jobrunner.wordsearch;

/**
 * One object of the input bucket, as listed.
 *
 * @param key the object's key
 * @param size its size in bytes
 */
record StoredObject(String key, long size) {}
