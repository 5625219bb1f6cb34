package dev.jobrunner.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import dev.jobrunner.request.InvalidJobRequestException;

/**
 * Logs in a local directory, one folder per bucket, for trying the function with only a cluster.
 * The metadata sits beside each log in {@code <object>.metadata}.
 */
class DirectoryLogStore implements LogStore {

    private static final String METADATA_SUFFIX = ".metadata";

    private final Path root;

    DirectoryLogStore(Path root) {
        this.root = root.toAbsolutePath();
    }

    @Override
    public Optional<StoredLog> find(String bucket, String object) {
        var log = path(bucket, object);
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        var metadata = new Properties();
        try (Reader reader = Files.newBufferedReader(metadataPath(log))) {
            metadata.load(reader);
            var map = new LinkedHashMap<String, String>();
            metadata.stringPropertyNames().forEach(key -> map.put(key, metadata.getProperty(key)));
            return Optional.of(new StoredLog(bucket, object, Files.size(log), map));
        } catch (IOException e) {
            throw new LogStorageException("could not read log " + log + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String bucket, String object) {
        var log = path(bucket, object);
        try {
            return Files.newInputStream(log);
        } catch (IOException e) {
            throw new LogStorageException("could not read log " + log + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Stored store(String bucket, String object, SpooledLog log, Map<String, String> metadata) {
        var stored = find(bucket, object);
        if (stored.isPresent()) {
            return new Stored(stored.get(), false);
        }
        var target = path(bucket, object);
        try {
            Files.createDirectories(target.getParent());
            var partial = Files.createTempFile(target.getParent(), ".upload-", ".part");
            try {
                Files.copy(log.file(), partial, StandardCopyOption.REPLACE_EXISTING);
                var properties = new Properties();
                properties.putAll(metadata);
                try (Writer writer = Files.newBufferedWriter(metadataPath(target))) {
                    properties.store(writer, null);
                }
                // The log appears only once it is complete and its metadata is in place.
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new LogStorageException("could not store log " + target + ": " + e.getMessage(), e);
        }
        return new Stored(find(bucket, object).orElseThrow(), true);
    }

    /** The bucket's folder exists or is made now, and the function may write into it. */
    @Override
    public void requireWritableBucket(String bucket) {
        var folder = root.resolve(bucket);
        try {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidJobRequestException(
                    "outputBucket", "bucket '" + bucket + "' cannot be made: " + folder + " is not a directory");
        } catch (AccessDeniedException e) {
            throw new InvalidJobRequestException(
                    "outputBucket", "bucket '" + bucket + "' cannot be made: " + folder + " may not be created");
        } catch (IOException e) {
            throw new LogStorageException("could not make the folder " + folder + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(folder)) {
            throw new InvalidJobRequestException(
                    "outputBucket", "bucket '" + bucket + "' cannot be written: " + folder + " is read-only");
        }
    }

    @Override
    public String location() {
        return "directory " + root;
    }

    private Path path(String bucket, String object) {
        var path = root.resolve(bucket).resolve(object).normalize();
        if (!path.startsWith(root.resolve(bucket))) {
            throw new IllegalArgumentException("log key " + object + " leaves the bucket directory");
        }
        return path;
    }

    private static Path metadataPath(Path log) {
        return log.resolveSibling(log.getFileName() + METADATA_SUFFIX);
    }
}
