package io.latentpatch.core.pca;

import io.latentpatch.core.npy.Npy;
import io.latentpatch.core.npy.NpyArray;
import io.latentpatch.core.npy.NpyFormatException;
import io.latentpatch.core.npy.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stores a {@link PcaBasis} as NumPy files, readable with {@code np.load}.
 *
 * <p>{@code pca.npz} holds float32 arrays {@value #MEAN} {@code [L]}, {@value #COMPONENTS} {@code [r, L]}
 * (rows are components, as scikit-learn's {@code components_}), {@value #EXPLAINED_VARIANCE} {@code [r]} and
 * {@value #TOTAL_VARIANCE} {@code ()}. On reading, the last two are optional (missing ⇒ NaN).
 *
 * <p>The pair form is {@code mean.npy} {@code [L]} + {@code basis.npy} {@code [r, L]}; a basis stored as
 * {@code [L, r]} (components as columns, the paper's P) is accepted too when r ≠ L and transposed. The pair
 * carries no variances, so those read as NaN.
 */
public final class PcaFiles {
    public static final String MEAN = "mean";
    public static final String COMPONENTS = "components";
    public static final String EXPLAINED_VARIANCE = "explained_variance";
    public static final String TOTAL_VARIANCE = "total_variance";

    private PcaFiles() {}

    /** The basis as the arrays of a {@code pca.npz}, in file order. */
    public static Map<String, NpyArray> toArrays(PcaBasis pca) {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put(MEAN, NpyArray.ofFloats(new int[] {pca.channels()}, pca.mean()));
        arrays.put(COMPONENTS, NpyArray.ofFloats(new int[] {pca.dims(), pca.channels()}, pca.components()));
        arrays.put(EXPLAINED_VARIANCE, NpyArray.ofFloats(new int[] {pca.dims()}, pca.explainedVariance()));
        arrays.put(TOTAL_VARIANCE, NpyArray.ofFloats(new int[0], new float[] {(float) pca.totalVariance()}));
        return arrays;
    }

    /** A basis from the arrays of a {@code pca.npz}; shapes are checked against each other. */
    public static PcaBasis fromArrays(Map<String, NpyArray> arrays) throws NpyFormatException {
        NpyArray mean = Npz.require(arrays, MEAN);
        NpyArray components = Npz.require(arrays, COMPONENTS);
        int channels = meanLength(mean);
        if (components.rank() != 2 || components.dim(1) != channels) {
            throw new NpyFormatException("PCA '" + COMPONENTS + "' must have shape [r, L] = [r, " + channels + "], got "
                    + components.shapeString());
        }
        int dims = components.dim(0);
        checkDims(dims, channels);
        float[] explained = new float[dims];
        Arrays.fill(explained, Float.NaN);
        NpyArray ev = arrays.get(EXPLAINED_VARIANCE);
        if (ev != null) {
            if (ev.rank() != 1 || ev.dim(0) != dims) {
                throw new NpyFormatException("PCA '" + EXPLAINED_VARIANCE + "' must have shape (" + dims + ",), got "
                        + ev.shapeString());
            }
            explained = floats(ev, EXPLAINED_VARIANCE);
        }
        double total = Double.NaN;
        NpyArray tv = arrays.get(TOTAL_VARIANCE);
        if (tv != null) {
            if (tv.size() != 1) throw new NpyFormatException("PCA '" + TOTAL_VARIANCE + "' must hold one value, got shape " + tv.shapeString());
            total = floats(tv, TOTAL_VARIANCE)[0];
        }
        return new PcaBasis(floats(mean, MEAN), floats(components, COMPONENTS), explained, total);
    }

    public static byte[] toNpzBytes(PcaBasis pca) {
        return Npz.toBytes(toArrays(pca));
    }

    public static void writeNpz(Path file, PcaBasis pca) throws IOException {
        Npz.write(file, toArrays(pca));
    }

    public static PcaBasis readNpz(Path file) throws IOException {
        Map<String, NpyArray> arrays = Npz.read(file); // its errors already name the file
        try {
            return fromArrays(arrays);
        } catch (NpyFormatException e) {
            throw new NpyFormatException(file + ": " + e.getMessage(), e);
        }
    }

    public static PcaBasis readNpz(byte[] npz) throws NpyFormatException {
        return fromArrays(Npz.read(npz));
    }

    /** Writes {@code mean.npy} {@code [L]} and {@code basis.npy} {@code [r, L]} (variances are not stored). */
    public static void writeMeanAndBasis(Path meanFile, Path basisFile, PcaBasis pca) throws IOException {
        Npy.writeFloat(meanFile, new int[] {pca.channels()}, pca.mean());
        Npy.writeFloat(basisFile, new int[] {pca.dims(), pca.channels()}, pca.components());
    }

    public static PcaBasis readMeanAndBasis(Path meanFile, Path basisFile) throws IOException {
        return fromMeanAndBasis(Npy.read(meanFile), Npy.read(basisFile));
    }

    /** A basis from a mean {@code [L]} and a basis {@code [r, L]} (or {@code [L, r]} when r ≠ L); variances NaN. */
    public static PcaBasis fromMeanAndBasis(NpyArray mean, NpyArray basis) throws NpyFormatException {
        int channels = meanLength(mean);
        if (basis.rank() != 2 || (basis.dim(1) != channels && basis.dim(0) != channels)) {
            throw new NpyFormatException("PCA basis must have shape [r, L] = [r, " + channels + "] (or [L, r]) to match the"
                    + " mean of length " + channels + ", got " + basis.shapeString());
        }
        float[] data = floats(basis, "basis");
        int dims;
        float[] components;
        if (basis.dim(1) == channels) {
            dims = basis.dim(0);
            components = data;
        } else {
            dims = basis.dim(1);
            components = new float[dims * channels];
            for (int c = 0; c < channels; c++) {
                for (int k = 0; k < dims; k++) components[k * channels + c] = data[c * dims + k];
            }
        }
        checkDims(dims, channels);
        float[] explained = new float[dims];
        Arrays.fill(explained, Float.NaN);
        return new PcaBasis(floats(mean, MEAN), components, explained, Double.NaN);
    }

    private static int meanLength(NpyArray mean) throws NpyFormatException {
        if (mean.rank() != 1 || mean.dim(0) < 1) {
            throw new NpyFormatException("PCA mean must have shape (L,), got " + mean.shapeString());
        }
        return mean.dim(0);
    }

    private static void checkDims(int dims, int channels) throws NpyFormatException {
        if (dims < 1 || dims > channels) {
            throw new NpyFormatException("PCA must have 1 <= r <= L=" + channels + " components, the file has r=" + dims);
        }
    }

    private static float[] floats(NpyArray a, String name) throws NpyFormatException {
        if (a.type() != NpyArray.Type.FLOAT32) {
            throw new NpyFormatException("PCA '" + name + "' must hold floats, got " + a);
        }
        return a.floats();
    }
}
