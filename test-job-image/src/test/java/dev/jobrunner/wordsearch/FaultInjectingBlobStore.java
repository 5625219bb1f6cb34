package dev.jobrunner.wordsearch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** An s3proxy store whose reads of chosen objects fail with a given S3 error. */
final class FaultInjectingBlobStore extends ForwardingBlobStore {

    private final Map<String, S3ErrorCode> faults = new ConcurrentHashMap<>();

    FaultInjectingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    void failReads(String key, S3ErrorCode error) {
        faults.put(key, error);
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        var fault = faults.get(request.key());
        if (fault != null) {
            throw new S3ProxyException(fault);
        }
        return super.getBlob(request);
    }
}
