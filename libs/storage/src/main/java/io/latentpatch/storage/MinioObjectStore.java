package io.latentpatch.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.DeleteRequest;
import io.minio.messages.DeleteResult;
import io.minio.messages.Item;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@link ObjectStore} on the MinIO Java SDK: works with MinIO, S3Proxy and AWS S3.
 *
 * <p>One {@link MinioClient} is built per store and reused by every call (it pools connections;
 * build one store per process). Requests are path-style and signed (SigV4) for the configured
 * region. Each call is one attempt (the SDK's own status-code retry is switched off): retries
 * belong to the caller's one retry layer per call path (the services use SmallRye Fault Tolerance),
 * so attempts never multiply. Uploads of more than {@value #PART_SIZE_MIB} MiB, or of unknown size,
 * go as multipart uploads in {@value #PART_SIZE_MIB} MiB parts.
 */
public final class MinioObjectStore implements ObjectStore {

    static final int PART_SIZE_MIB = 8;
    private static final long PART_SIZE = PART_SIZE_MIB * 1024L * 1024L;
    private static final int DELETE_BATCH = 1000;

    private final StoreConfig config;
    private final MinioClient client;

    private MinioObjectStore(StoreConfig config) {
        this.config = config;
        this.client = MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .build();
        client.setTimeout(TimeUnit.SECONDS.toMillis(10), TimeUnit.SECONDS.toMillis(60), TimeUnit.SECONDS.toMillis(60));
        client.setRetry(Set.of(), 0L, 1);
    }

    /** A store for {@code config} without touching the network (the bucket must exist before use). */
    public static MinioObjectStore create(StoreConfig config) {
        return new MinioObjectStore(config);
    }

    /**
     * A store for {@code config} whose bucket exists: created if missing. Fails with
     * {@link StoreUnavailableException} when the store cannot be reached.
     */
    public static MinioObjectStore connect(StoreConfig config) {
        MinioObjectStore store = new MinioObjectStore(config);
        try {
            store.ensureBucket();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The configuration (secret masked in its {@code toString}). */
    public StoreConfig config() {
        return config;
    }

    @Override
    public String bucket() {
        return config.bucket();
    }

    /** Creates the bucket unless it exists (safe when several replicas race to create it). */
    public void ensureBucket() {
        String bucket = config.bucket();
        once(() -> {
            try {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(config.region()).build());
                }
                return null;
            } catch (ErrorResponseException e) {
                String code = e.errorResponse() == null ? null : e.errorResponse().code();
                if ("BucketAlreadyOwnedByYou".equals(code) || "BucketAlreadyExists".equals(code)) {
                    return null;
                }
                throw translate(e, null, "create bucket " + bucket);
            } catch (Exception e) {
                throw translate(e, null, "create bucket " + bucket);
            }
        });
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        checkKey(key);
        once(() -> {
            try {
                client.putObject(PutObjectArgs.builder().bucket(bucket()).object(key)
                        .data(bytes, bytes.length).contentType(contentType(contentType)).build());
                return null;
            } catch (Exception e) {
                throw translate(e, key, "PUT");
            }
        });
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes, String contentType) {
        checkKey(key);
        return once(() -> {
            try {
                client.putObject(PutObjectArgs.builder().bucket(bucket()).object(key)
                        .data(bytes, bytes.length).contentType(contentType(contentType))
                        .extraHeaders(java.util.Map.of("If-None-Match", "*")).build());
                return true;
            } catch (ErrorResponseException e) {
                int status = e.response() == null ? 0 : e.response().code();
                String code = e.errorResponse() == null ? null : e.errorResponse().code();
                // 412 PreconditionFailed: an object is there. 409 ConditionalRequestConflict: a concurrent
                // conditional write of the same key won (AWS answers so while the other is in flight).
                if (status == 412 || "PreconditionFailed".equals(code) || status == 409
                        || "ConditionalRequestConflict".equals(code)) {
                    return false;
                }
                throw translate(e, key, "conditional PUT");
            } catch (Exception e) {
                throw translate(e, key, "conditional PUT");
            }
        });
    }

    @Override
    public void put(String key, Path file, String contentType) {
        checkKey(key);
        once(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                upload(key, in, Files.size(file), contentType);
                return null;
            } catch (java.nio.file.NoSuchFileException e) {
                throw new StoreException("cannot upload " + file + " to " + key + ": no such file", e);
            } catch (Exception e) {
                throw translate(e, key, "PUT");
            }
        });
    }

    @Override
    public void put(String key, InputStream in, long size, String contentType) {
        checkKey(key);
        try {
            upload(key, in, size, contentType);
        } catch (Exception e) {
            throw translate(e, key, "PUT");
        }
    }

    private void upload(String key, InputStream in, long size, String contentType) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(bucket()).object(key)
                .stream(in, size < 0 ? null : size, PART_SIZE).contentType(contentType(contentType)).build());
    }

    @Override
    public byte[] get(String key) {
        checkKey(key);
        return once(() -> {
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build())) {
                return in.readAllBytes();
            } catch (Exception e) {
                throw translate(e, key, "GET");
            }
        });
    }

    @Override
    public InputStream openStream(String key) {
        checkKey(key);
        return once(() -> {
            try {
                return client.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build());
            } catch (Exception e) {
                throw translate(e, key, "GET");
            }
        });
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        checkKey(key);
        return once(() -> {
            try {
                StatObjectResponse s = client.statObject(StatObjectArgs.builder().bucket(bucket()).object(key).build());
                return Optional.of(new ObjectInfo(s.object(), s.size(),
                        s.lastModified() == null ? null : s.lastModified().toInstant(), unquote(s.etag()), s.contentType()));
            } catch (Exception e) {
                StoreException se = translate(e, key, "HEAD");
                if (se instanceof ObjectNotFoundException) {
                    return Optional.empty();
                }
                throw se;
            }
        });
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix must not be null (use \"\" for the whole bucket)");
        }
        return once(() -> {
            List<ObjectInfo> out = new ArrayList<>();
            try {
                for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket()).prefix(prefix)
                        .recursive(true).build())) {
                    Item item = r.get();
                    if (item.isDir()) {
                        continue;
                    }
                    out.add(new ObjectInfo(item.objectName(), item.size(),
                            item.lastModified() == null ? null : item.lastModified().toInstant(), unquote(item.etag()), null));
                }
            } catch (Exception e) {
                throw translate(e, null, "LIST " + prefix);
            }
            out.sort(Comparator.comparing(ObjectInfo::key));
            return out;
        });
    }

    @Override
    public void delete(String key) {
        checkKey(key);
        once(() -> {
            try {
                client.removeObject(RemoveObjectArgs.builder().bucket(bucket()).object(key).build());
                return null;
            } catch (Exception e) {
                StoreException se = translate(e, key, "DELETE");
                if (se instanceof ObjectNotFoundException) {
                    return null;
                }
                throw se;
            }
        });
    }

    @Override
    public int deletePrefix(String prefix) {
        return deletePrefix(prefix, java.util.Set.of());
    }

    @Override
    public int deletePrefix(String prefix, java.util.Set<String> keep) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("deletePrefix needs a non-empty prefix such as jobs/<id>/ (refusing to empty"
                    + " the whole bucket)");
        }
        List<ObjectInfo> objects = list(prefix).stream().filter(o -> !keep.contains(o.key())).toList();
        for (int from = 0; from < objects.size(); from += DELETE_BATCH) {
            List<DeleteRequest.Object> batch = new ArrayList<>();
            for (ObjectInfo o : objects.subList(from, Math.min(objects.size(), from + DELETE_BATCH))) {
                batch.add(new DeleteRequest.Object(o.key()));
            }
            once(() -> {
                try {
                    // removeObjects is lazy: iterating the results is what sends the request.
                    for (Result<DeleteResult.Error> r : client.removeObjects(RemoveObjectsArgs.builder().bucket(bucket())
                            .objects(batch).build())) {
                        DeleteResult.Error error = r.get();
                        if (!"NoSuchKey".equals(error.code())) {
                            throw new StoreException("cannot delete " + error.objectName() + ": " + error.code() + " "
                                    + error.message(), null);
                        }
                    }
                    return null;
                } catch (StoreException e) {
                    throw e;
                } catch (Exception e) {
                    throw translate(e, null, "DELETE " + prefix);
                }
            });
        }
        return objects.size();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            throw new StoreException("closing the object-store client failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "MinioObjectStore[" + config.endpoint() + "/" + config.bucket() + "]";
    }

    private StoreException translate(Exception e, String key, String operation) {
        String what = key == null ? operation : operation + " " + bucket() + "/" + key;
        return MinioErrors.translate(e, config.endpoint(), bucket(), key, what);
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException("object key must be a non-empty relative key such as jobs/<id>/status.json,"
                    + " got '" + key + "'");
        }
    }

    private static String contentType(String contentType) {
        return contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
    }

    private static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    /** One attempt of an operation whose failures are already translated to {@link StoreException}s. */
    private static <T> T once(Operation<T> operation) {
        return operation.run();
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run();
    }
}
