package dev.jobrunner.logs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How a log goes into object storage, bound from {@code jobrunner.storage.upload.*}. Parts are
 * read from the spooled log where they lie, never copied onto the heap, so neither setting adds
 * to memory beyond a few buffers per part in flight; the defaults are the fastest measured with
 * {@code benchmarks/log-throughput}.
 *
 * @param partSize a log up to this long is one PutObject, a longer one a multipart upload of
 *     parts this long: 5MB (S3's smallest part) to 5GB (its largest)
 * @param parallelParts how many parts of one upload are sent at once, 1 to 16; each takes one
 *     of the {@code storage} bulkhead's slots while it is sent
 */
@ConfigurationProperties("jobrunner.storage.upload")
public record UploadProperties(
        @DefaultValue("16MB") DataSize partSize,
        @DefaultValue("4") int parallelParts) {

    private static final DataSize SMALLEST_PART = DataSize.ofMegabytes(5);
    private static final DataSize LARGEST_PART = DataSize.ofGigabytes(5);

    public UploadProperties {
        if (partSize.compareTo(SMALLEST_PART) < 0 || partSize.compareTo(LARGEST_PART) > 0) {
            throw new IllegalArgumentException(
                    "jobrunner.storage.upload.part-size must be from 5MB to 5GB (S3's part sizes), was " + partSize);
        }
        if (parallelParts < 1 || parallelParts > 16) {
            throw new IllegalArgumentException(
                    "jobrunner.storage.upload.parallel-parts must be from 1 to 16, was " + parallelParts);
        }
    }
}
