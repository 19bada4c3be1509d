package dev.prequel.ingest.landing;

import dev.prequel.events.Ids;
import dev.prequel.runtime.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Dataset ids are content hashes, so the same data dropped twice (or announced twice) is one dataset.
 * An archive is hashed byte by byte; a marked drop by its objects' relative names, sizes and ETags,
 * which change whenever their content does, without reading every object twice.
 */
final class DatasetIdentity {
    private DatasetIdentity() {
    }

    static String ofArchive(ObjectStore store, String bucket, String key) {
        MessageDigest digest = Ids.sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = store.open(bucket, key)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("hashing s3://" + bucket + "/" + key, e);
        }
        return Ids.datasetId(HexFormat.of().formatHex(digest.digest()));
    }

    static String ofObjects(String prefix, List<ObjectStore.StoredObject> objects) {
        StringBuilder manifest = new StringBuilder();
        objects.stream().sorted(java.util.Comparator.comparing(ObjectStore.StoredObject::key)).forEach(o -> manifest
                .append(o.key().substring(prefix.length())).append('\t').append(o.size()).append('\t')
                .append(o.etag()).append('\n'));
        return Ids.datasetId(Ids.sha256Hex(manifest.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
