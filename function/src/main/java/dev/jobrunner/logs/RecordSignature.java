package dev.jobrunner.logs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.jobrunner.job.JobIdentity;

/**
 * The HMAC-SHA256 over everything a completion event is built from: where the record is, which
 * event and Job it answers, the outcome, and the log's size and SHA-256. Each field goes in with
 * its length, so that no two different records share an input.
 */
final class RecordSignature {

    static final String SIGNATURE = "signature";
    static final String KEY_ID = "signingkey";
    static final String SHA256 = "sha256";
    // The metadata the reply reads (JobOutcome.fromMetadata, StoredLog.incomplete) and the digest.
    private static final List<String> SIGNED =
            List.of("jobstatus", "reason", "message", "starttime", "finishtime", "logincomplete", SHA256);
    private static final String VERSION = "job-runner completion record v1";

    private RecordSignature() {}

    static String of(
            byte[] key, String bucket, String object, JobIdentity job, long size, Map<String, String> metadata) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (var field : List.of(VERSION, bucket, object, job.name(), job.eventSource(), job.eventId())) {
                update(mac, field);
            }
            update(mac, Long.toString(size));
            for (var name : SIGNED) {
                update(mac, name);
                update(mac, metadata.get(name));
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides HmacSHA256", e);
        }
    }

    private static void update(Mac mac, String field) {
        if (field == null) {
            mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(-1).array());
            return;
        }
        var bytes = field.getBytes(StandardCharsets.UTF_8);
        mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        mac.update(bytes);
    }
}
