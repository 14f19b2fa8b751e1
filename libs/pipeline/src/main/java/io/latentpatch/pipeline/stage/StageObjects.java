package io.latentpatch.pipeline.stage;

import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SourceSetAlignment;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.npy.Npy;
import io.latentpatch.core.npy.NpyArray;
import io.latentpatch.core.npy.NpyFormatException;
import io.latentpatch.core.pca.PcaBasis;
import io.latentpatch.core.pca.PcaFiles;
import io.latentpatch.storage.ObjectNotFoundException;
import io.latentpatch.storage.ObjectStore;
import java.util.List;

/**
 * Typed reads and writes of the objects the stages exchange through the store (layout:
 * {@link ObjectKeys}). Tensors are {@code .npy} float32/int32, written with {@link Npy} so they are
 * byte-identical to what {@code latentpatch generate} writes. A missing or malformed object is a
 * {@link StageInputException}: retrying cannot fix it.
 */
public final class StageObjects {
    public static final String NPY = "application/octet-stream";
    public static final String PNG = "image/png";
    public static final String JSON = "application/json";

    private final ObjectStore store;

    public StageObjects(ObjectStore store) {
        this.store = store;
    }

    public ObjectStore store() { return store; }

    /** The manifest of {@code tenant}'s source set. */
    public SourceSetManifest manifest(String tenant, String setId) {
        String key = ObjectKeys.sourceManifest(tenant, setId);
        byte[] json = require(key, "source set " + setId + " has no manifest");
        try {
            return JsonCodec.shared().read(json, SourceSetManifest.class);
        } catch (InvalidMessageException e) {
            throw new StageInputException(key + " is not a valid source-set manifest: " + e.getMessage(), e);
        }
    }

    /** The stored alignment of a set uploaded with {@code align=true}, or null when it is not aligned yet. */
    public SourceSetAlignment alignment(String tenant, String setId) {
        String key = ObjectKeys.sourceAlignment(tenant, setId);
        byte[] json = store.find(key).orElse(null);
        if (json == null) return null;
        try {
            return JsonCodec.shared().read(json, SourceSetAlignment.class);
        } catch (InvalidMessageException e) {
            throw new StageInputException(key + " is not a valid source-set alignment: " + e.getMessage(), e);
        }
    }

    /** Writes {@link ObjectKeys#sourceAlignment}. */
    public void putAlignment(String tenant, SourceSetAlignment alignment) {
        store.put(ObjectKeys.sourceAlignment(tenant, alignment.setId()), JsonCodec.shared().write(alignment), JSON);
    }

    /**
     * The set the engine sees: the manifest, or, for a set uploaded with {@code align=true}, its aligned images only
     * ({@link SourceSetAlignment#restrict}), so counts, names and labels agree with the stored latents.
     *
     * @throws StageInputException when the set is missing, or is to be aligned and has no alignment yet
     */
    public SourceSetManifest sourceSet(String tenant, String setId) {
        SourceSetManifest manifest = manifest(tenant, setId);
        if (manifest.align() == null) return manifest;
        SourceSetAlignment alignment = alignment(tenant, setId);
        if (alignment == null) {
            throw new StageInputException("source set " + setId + " was uploaded with align=true and is not aligned yet ("
                    + ObjectKeys.sourceAlignment(tenant, setId) + " not found; the encoder writes it)");
        }
        try {
            return alignment.restrict(manifest);
        } catch (InvalidMessageException e) {
            throw new StageInputException(e.getMessage(), e);
        }
    }

    /** {@code [B, L, M, M]} float32 latents as B grids. */
    public List<LatentGrid> latents(String key) {
        NpyArray a = npy(key);
        if (a.rank() != 4 || a.dim(2) != a.dim(3) || a.type() != NpyArray.Type.FLOAT32) {
            throw new StageInputException(key + " must hold float32 latents [B, L, M, M], got " + a);
        }
        return a.toGrids();
    }

    /** One {@code [L, M, M]} float32 latent. */
    public LatentGrid latent(String key) {
        NpyArray a = npy(key);
        if (a.rank() != 3 || a.dim(1) != a.dim(2) || a.type() != NpyArray.Type.FLOAT32) {
            throw new StageInputException(key + " must hold a float32 latent [L, M, M], got " + a);
        }
        return a.toGrid();
    }

    /** An {@code [M, M]} int32 provenance map, row-major. */
    public int[] provenance(String key, int gridSize) {
        NpyArray a = npy(key);
        if (a.rank() != 2 || a.dim(0) != gridSize || a.dim(1) != gridSize || a.type() != NpyArray.Type.INT32) {
            throw new StageInputException(key + " must hold int32 provenance [" + gridSize + ", " + gridSize + "], got " + a);
        }
        return a.ints();
    }

    /** The PCA stored as {@code mean.npy [L]} + {@code basis.npy [r, L]}. */
    public PcaBasis pca(String meanKey, String basisKey) {
        try {
            return PcaFiles.fromMeanAndBasis(npy(meanKey), npy(basisKey));
        } catch (NpyFormatException | IllegalArgumentException e) {
            throw new StageInputException("PCA " + meanKey + " + " + basisKey + " is unusable: " + e.getMessage(), e);
        }
    }

    public void putLatents(String key, List<LatentGrid> grids) {
        store.put(key, Npy.toBytes(NpyArray.ofGrids(grids)), NPY);
    }

    public void putLatent(String key, LatentGrid grid) {
        store.put(key, Npy.toBytes(NpyArray.of(grid)), NPY);
    }

    public void putProvenance(String key, int gridSize, int[] provenance) {
        store.put(key, Npy.toBytes(NpyArray.ofInts(new int[] {gridSize, gridSize}, provenance)), NPY);
    }

    /** Writes {@code mean} first and {@code basis} last: a reader that finds the basis finds both. */
    public void putPca(String meanKey, String basisKey, PcaBasis pca) {
        store.put(meanKey, Npy.toBytes(NpyArray.ofFloats(new int[] {pca.channels()}, pca.mean())), NPY);
        store.put(basisKey, Npy.toBytes(NpyArray.ofFloats(new int[] {pca.dims(), pca.channels()}, pca.components())), NPY);
    }

    /** True when the job's cancel marker exists (one HEAD request). */
    public boolean isCancelled(String tenant, String jobId) {
        return store.exists(ObjectKeys.jobCancelled(tenant, jobId));
    }

    /** The object's bytes; a missing object is a {@link StageInputException} saying {@code what}. */
    public byte[] require(String key, String what) {
        try {
            return store.get(key);
        } catch (ObjectNotFoundException e) {
            throw new StageInputException(what + " (" + key + " not found)", e);
        }
    }

    private NpyArray npy(String key) {
        byte[] bytes = require(key, "missing tensor");
        try {
            return Npy.read(bytes);
        } catch (NpyFormatException e) {
            throw new StageInputException(key + " is not a valid .npy file: " + e.getMessage(), e);
        }
    }
}
