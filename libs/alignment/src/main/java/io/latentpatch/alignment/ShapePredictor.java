package io.latentpatch.alignment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * dlib's {@code shape_predictor} (an ensemble of regression trees, Kazemi &amp; Sullivan 2014) read
 * from its serialized {@code .dat} file and evaluated exactly as dlib's {@code operator()} does:
 * start from the mean shape in the detection box, and at each cascade level read the grey values at
 * the level's feature points (an anchor landmark plus an offset, carried along by the similarity
 * transform from the mean shape to the current shape, then rounded to a pixel; 0 outside the image),
 * walk every tree by comparing pixel differences with its split thresholds and add the leaves.
 *
 * <p>Immutable and thread-safe. Layout, per cascade level {@code l}: tree {@code t}'s split {@code s}
 * is {@code splitA/splitB/threshold[l][t * splits + s]}; its leaf {@code k} holds the shape update
 * {@code leaves[l][(t * (splits + 1) + k) * 2P .. + 2P]} for P points, {@code (x0, y0, x1, y1, …)} in
 * box-normalised units (the box spans 0..1).
 */
public final class ShapePredictor {
    private final float[] initialShape;
    private final int splits;
    private final int[][] splitA;
    private final int[][] splitB;
    private final float[][] threshold;
    private final float[][] leaves;
    private final int[][] anchor;
    private final float[][] deltaX;
    private final float[][] deltaY;

    private ShapePredictor(float[] initialShape, int splits, int[][] splitA, int[][] splitB, float[][] threshold,
                           float[][] leaves, int[][] anchor, float[][] deltaX, float[][] deltaY) {
        this.initialShape = initialShape;
        this.splits = splits;
        this.splitA = splitA;
        this.splitB = splitB;
        this.threshold = threshold;
        this.leaves = leaves;
        this.anchor = anchor;
        this.deltaX = deltaX;
        this.deltaY = deltaY;
    }

    /** Reads a dlib shape predictor file (e.g. {@code shape_predictor_68_face_landmarks.dat}). */
    public static ShapePredictor read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "the landmark model is missing; install Debian's "
                    + "libdlib-data package or set the landmark model path");
        }
    }

    /** Reads a serialized shape predictor; {@code source} names it in messages. */
    public static ShapePredictor read(InputStream stream, String source) throws IOException {
        DlibInput in = new DlibInput(stream, source);
        int version = in.readInt("version");
        if (version != 1) throw in.corrupt("version", 0, "shape_predictor version " + version + " (only 1 is known)");
        float[] initial = in.readColumn("initial_shape");
        int dims = initial.length;
        if (dims == 0 || dims % 2 != 0) throw in.corrupt("initial_shape", 0, dims + " coordinates");
        int levels = in.readIndex("number of cascade levels");
        int[][] splitA = new int[levels][];
        int[][] splitB = new int[levels][];
        float[][] threshold = new float[levels][];
        float[][] leaves = new float[levels][];
        int splits = -1;
        for (int l = 0; l < levels; l++) {
            int trees = in.readIndex("number of trees");
            for (int t = 0; t < trees; t++) {
                long at = in.offset();
                int n = in.readIndex("number of splits");
                if (splits < 0) {
                    splits = n;
                    if (Integer.bitCount(n + 1) != 1) throw in.corrupt("tree", at, n + " splits (not a complete binary tree)");
                } else if (n != splits) {
                    throw in.corrupt("tree", at, n + " splits where earlier trees have " + splits);
                }
                if (t == 0) {
                    splitA[l] = new int[trees * splits];
                    splitB[l] = new int[trees * splits];
                    threshold[l] = new float[trees * splits];
                    leaves[l] = new float[trees * (splits + 1) * dims];
                }
                for (int s = 0; s < splits; s++) {
                    splitA[l][t * splits + s] = in.readIndex("split idx1");
                    splitB[l][t * splits + s] = in.readIndex("split idx2");
                    threshold[l][t * splits + s] = in.readFloat("split threshold");
                }
                at = in.offset();
                int leafCount = in.readIndex("number of leaves");
                if (leafCount != splits + 1) throw in.corrupt("leaves", at, leafCount + " leaves for " + splits + " splits");
                for (int k = 0; k < leafCount; k++) {
                    at = in.offset();
                    float[] leaf = in.readColumn("leaf value");
                    if (leaf.length != dims) throw in.corrupt("leaf value", at, leaf.length + " values for " + dims + " coordinates");
                    System.arraycopy(leaf, 0, leaves[l], (t * leafCount + k) * dims, dims);
                }
            }
            if (trees == 0) {
                splitA[l] = new int[0];
                splitB[l] = new int[0];
                threshold[l] = new float[0];
                leaves[l] = new float[0];
            }
        }
        if (in.readIndex("number of anchor lists") != levels) throw in.corrupt("anchor_idx", in.offset(), "count");
        int[][] anchor = new int[levels][];
        for (int l = 0; l < levels; l++) {
            anchor[l] = new int[in.readIndex("number of anchors")];
            for (int i = 0; i < anchor[l].length; i++) {
                anchor[l][i] = in.readIndex("anchor index");
                if (anchor[l][i] >= dims / 2) throw in.corrupt("anchor index", in.offset(), "landmark " + anchor[l][i]);
            }
        }
        if (in.readIndex("number of delta lists") != levels) throw in.corrupt("deltas", in.offset(), "count");
        float[][] dx = new float[levels][];
        float[][] dy = new float[levels][];
        for (int l = 0; l < levels; l++) {
            int n = in.readIndex("number of deltas");
            if (n != anchor[l].length) throw in.corrupt("deltas", in.offset(), n + " deltas for " + anchor[l].length + " anchors");
            dx[l] = new float[n];
            dy[l] = new float[n];
            for (int i = 0; i < n; i++) {
                dx[l][i] = in.readFloat("delta x");
                dy[l][i] = in.readFloat("delta y");
            }
            for (int i = 0; i < splitA[l].length; i++) {
                if (splitA[l][i] >= n || splitB[l][i] >= n) throw in.corrupt("split", in.offset(), "feature index beyond " + n);
            }
        }
        if (!in.atEnd()) throw in.corrupt("end of file", in.offset(), "trailing bytes");
        return new ShapePredictor(initial, Math.max(splits, 0), splitA, splitB, threshold, leaves, anchor, dx, dy);
    }

    /** Number of landmarks (68 for the iBUG model). */
    public int points() {
        return initialShape.length / 2;
    }

    /** Cascade levels (15 for the iBUG model). */
    public int levels() {
        return leaves.length;
    }

    /** Trees at level {@code l}. */
    public int trees(int l) {
        return splits == 0 ? 0 : threshold[l].length / splits;
    }

    /** Depth of every tree (splits = 2^depth − 1). */
    public int treeDepth() {
        return Integer.numberOfTrailingZeros(splits + 1);
    }

    /** Feature pixels per level. */
    public int features(int l) {
        return anchor[l].length;
    }

    /** The mean shape in box-normalised units, {@code (x0, y0, x1, y1, …)}; a copy. */
    public float[] meanShape() {
        return initialShape.clone();
    }

    /** Landmarks of the face in {@code box} of {@code image} (grey as dlib converts RGB: {@link GrayImage#meanOf}). */
    public Landmarks predict(GrayImage image, FaceBox box) {
        // dlib's rectangle is inclusive, so the normalised 0..1 span maps to left..right = left + width - 1.
        float left = (float) box.left();
        float top = (float) box.top();
        float spanX = (float) (box.width() - 1);
        float spanY = (float) (box.height() - 1);
        int dims = initialShape.length;
        float[] shape = initialShape.clone();
        int maxFeatures = 0;
        for (int[] a : anchor) maxFeatures = Math.max(maxFeatures, a.length);
        float[] pixels = new float[maxFeatures];
        int w = image.width();
        int h = image.height();
        int[] gray = image.value();
        for (int l = 0; l < leaves.length; l++) {
            float[] m = similarity(initialShape, shape);
            int[] anchors = anchor[l];
            for (int i = 0; i < anchors.length; i++) {
                int k = anchors[i];
                float nx = m[0] * deltaX[l][i] + m[1] * deltaY[l][i] + shape[2 * k];
                float ny = m[2] * deltaX[l][i] + m[3] * deltaY[l][i] + shape[2 * k + 1];
                long px = Math.round((double) (left + nx * spanX));
                long py = Math.round((double) (top + ny * spanY));
                pixels[i] = px >= 0 && py >= 0 && px < w && py < h ? gray[(int) py * w + (int) px] : 0f;
            }
            int[] a = splitA[l];
            int[] b = splitB[l];
            float[] thr = threshold[l];
            float[] leaf = leaves[l];
            int trees = splits == 0 ? 0 : thr.length / splits;
            for (int t = 0; t < trees; t++) {
                int base = t * splits;
                int i = 0;
                while (i < splits) {
                    i = pixels[a[base + i]] - pixels[b[base + i]] > thr[base + i] ? 2 * i + 1 : 2 * i + 2;
                }
                int off = (t * (splits + 1) + i - splits) * dims;
                for (int d = 0; d < dims; d++) shape[d] += leaf[off + d];
            }
        }
        float[] xy = new float[dims];
        for (int i = 0; i < dims; i += 2) {
            xy[i] = left + shape[i] * spanX;
            xy[i + 1] = top + shape[i + 1] * spanY;
        }
        return new Landmarks(xy);
    }

    /**
     * The box in which the mean shape best fits {@code landmarks} (least squares, separately in x and
     * y): the box this predictor "expects" around that face, used to map a detector's box to it.
     */
    public FaceBox fitBox(Landmarks landmarks) {
        if (landmarks.count() != points()) {
            throw new IllegalArgumentException(landmarks.count() + " landmarks for a " + points() + "-point model");
        }
        double[] fx = fitLine(initialShape, landmarks.xy(), 0);
        double[] fy = fitLine(initialShape, landmarks.xy(), 1);
        // x = left + u * (width - 1): invert the inclusive-rectangle convention of predict.
        return new FaceBox(fx[0], fy[0], fx[1] + 1, fy[1] + 1);
    }

    /** Least-squares {offset, scale} with {@code to ≈ offset + scale * from} over one coordinate. */
    private static double[] fitLine(float[] from, float[] to, int c) {
        int n = from.length / 2;
        double mf = 0;
        double mt = 0;
        for (int i = 0; i < n; i++) {
            mf += from[2 * i + c];
            mt += to[2 * i + c];
        }
        mf /= n;
        mt /= n;
        double sff = 0;
        double sft = 0;
        for (int i = 0; i < n; i++) {
            double f = from[2 * i + c] - mf;
            sff += f * f;
            sft += f * (to[2 * i + c] - mt);
        }
        double scale = sft / sff;
        return new double[] {mt - scale * mf, scale};
    }

    /**
     * The 2×2 part {m00, m01, m10, m11} of the least-squares similarity (rotation and uniform scale,
     * no reflection) taking the points of {@code from} to those of {@code to}, as dlib's
     * {@code find_similarity_transform} (Umeyama) gives it: in 2-D it is {@code [[a, -b], [b, a]]}
     * with a, b from the centred cross-covariances.
     */
    static float[] similarity(float[] from, float[] to) {
        int n = from.length / 2;
        double mfx = 0, mfy = 0, mtx = 0, mty = 0;
        for (int i = 0; i < n; i++) {
            mfx += from[2 * i];
            mfy += from[2 * i + 1];
            mtx += to[2 * i];
            mty += to[2 * i + 1];
        }
        mfx /= n;
        mfy /= n;
        mtx /= n;
        mty /= n;
        double var = 0, dot = 0, cross = 0;
        for (int i = 0; i < n; i++) {
            double fx = from[2 * i] - mfx, fy = from[2 * i + 1] - mfy;
            double tx = to[2 * i] - mtx, ty = to[2 * i + 1] - mty;
            var += fx * fx + fy * fy;
            dot += fx * tx + fy * ty;
            cross += fx * ty - fy * tx;
        }
        if (n < 2 || var == 0) return new float[] {1, 0, 0, 1};
        float a = (float) (dot / var);
        float b = (float) (cross / var);
        return new float[] {a, -b, b, a};
    }
}
