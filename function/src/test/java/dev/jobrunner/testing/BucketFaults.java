package dev.jobrunner.testing;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * An s3proxy store that refuses to make chosen buckets, a given number of times, with a given S3
 * error: a store whose policy denies the function, whose bucket name is taken by another account,
 * or that fails while asked. It can also stage a race of writers for one key, all past their
 * look-up before any of them publishes; the store then decides who wins.
 */
final class BucketFaults extends ForwardingBlobStore {

    private static final Duration LONGEST_HOLD = Duration.ofSeconds(30);

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, Race> races = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

    BucketFaults(BlobStore delegate) {
        super(delegate);
    }

    void failMaking(String bucket, S3ErrorCode error, int times) {
        faults.put(bucket, new Fault(error, new AtomicInteger(times)));
    }

    void race(String key, int writers, CompletableFuture<?> laterWritesAfter) {
        races.put(key, new Race(new CountDownLatch(writers), new AtomicInteger(), laterWritesAfter));
    }

    @Override
    public CreateBucketResponse createContainer(CreateBucketRequest request) {
        var fault = faults.get(request.bucket());
        if (fault != null && fault.remaining().getAndDecrement() > 0) {
            throw new S3ProxyException(fault.error());
        }
        return super.createContainer(request);
    }

    /** How often the object under {@code key} was read (GetObject), in any bucket. */
    int reads(String key) {
        var count = reads.get(key);
        return count == null ? 0 : count.get();
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        reads.computeIfAbsent(request.key(), key -> new AtomicInteger()).incrementAndGet();
        return super.getBlob(request);
    }

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        var race = races.get(request.key());
        if (race != null) {
            race.started().countDown();
        }
        return super.initiateMultipartUpload(request);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        var race = races.get(request.key());
        if (race != null) {
            race.started().countDown();
            race.publish(request.key());
        }
        return super.putBlob(request, content);
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            MultipartUpload upload, CompleteMultipartUploadRequest request) {
        var race = races.get(upload.blobName());
        if (race != null) {
            race.publish(upload.blobName());
        }
        return super.completeMultipartUpload(upload, request);
    }

    private record Fault(S3ErrorCode error, AtomicInteger remaining) {}

    /**
     * @param started counts the writers that began writing, each past its look-up
     * @param publishers counts the writes that would make the object appear
     * @param later when the writes after the first may go on
     */
    private record Race(CountDownLatch started, AtomicInteger publishers, CompletableFuture<?> later) {

        /** The first write waits for every writer to have started; the others for {@code later}. */
        void publish(String key) {
            try {
                if (publishers.getAndIncrement() == 0) {
                    if (!started.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new IllegalStateException("the other writers of " + key + " did not start");
                    }
                } else {
                    later.get(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the race for " + key + " was not run as staged", e);
            }
        }
    }
}
