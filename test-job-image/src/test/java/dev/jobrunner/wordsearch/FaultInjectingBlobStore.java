package dev.jobrunner.wordsearch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** An s3proxy store whose reads of chosen objects fail, a given number of times, with a given S3 error. */
final class FaultInjectingBlobStore extends ForwardingBlobStore {

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    FaultInjectingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    private record Fault(S3ErrorCode error, AtomicInteger remaining) {}

    void failReads(String key, S3ErrorCode error, int times) {
        faults.put(key, new Fault(error, new AtomicInteger(times)));
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        var fault = faults.get(request.key());
        if (fault != null && fault.remaining().getAndDecrement() > 0) {
            throw new S3ProxyException(fault.error());
        }
        return super.getBlob(request);
    }
}
