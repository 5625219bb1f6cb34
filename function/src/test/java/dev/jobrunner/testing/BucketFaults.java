package dev.jobrunner.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;

/**
 * An s3proxy store that refuses to make chosen buckets, a given number of times, with a given S3
 * error: a store whose policy denies the function, whose bucket name is taken by another account,
 * or that fails while asked.
 */
final class BucketFaults extends ForwardingBlobStore {

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    BucketFaults(BlobStore delegate) {
        super(delegate);
    }

    void failMaking(String bucket, S3ErrorCode error, int times) {
        faults.put(bucket, new Fault(error, new AtomicInteger(times)));
    }

    @Override
    public CreateBucketResponse createContainer(CreateBucketRequest request) {
        var fault = faults.get(request.bucket());
        if (fault != null && fault.remaining().getAndDecrement() > 0) {
            throw new S3ProxyException(fault.error());
        }
        return super.createContainer(request);
    }

    private record Fault(S3ErrorCode error, AtomicInteger remaining) {}
}
