package io.latentpatch.alignment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds faces with a {@link HaarCascade} as OpenCV's {@code detectMultiScale} does: scan every scale,
 * then group the raw hits like {@code groupRectangles} (hits whose corners lie within
 * {@code eps · (mean of the smaller sides)} of each other join one cluster, transitively; a cluster
 * is averaged and kept when it has more than {@code minNeighbors} hits; a cluster inside a stronger
 * one is dropped). A large image is scanned on a shrunk copy (longest side {@code maxSide}) and the
 * boxes mapped back.
 *
 * @param cascade      the detector
 * @param scaleFactor  scale step between scans (OpenCV's default 1.1)
 * @param minNeighbors hits a face needs beyond the first (OpenCV's default 3)
 * @param maxSide      longest side of the scanned copy, pixels
 */
public record FaceDetector(HaarCascade cascade, double scaleFactor, int minNeighbors, int maxSide) {
    private static final double EPS = 0.2;

    public FaceDetector {
        if (!(scaleFactor > 1.0)) throw new IllegalArgumentException("detector scale factor must be > 1, got " + scaleFactor);
        if (minNeighbors < 0) throw new IllegalArgumentException("minNeighbors must be >= 0, got " + minNeighbors);
        if (maxSide < 2 * Math.max(cascade.windowWidth(), cascade.windowHeight())) {
            throw new IllegalArgumentException("detector max side " + maxSide + " is too small for the cascade's window");
        }
    }

    /** A found face: its box in the input image's pixels and how many raw hits support it. */
    public record Detection(FaceBox box, int neighbors) {}

    /** Faces in {@code image} (grey as OpenCV converts RGB: {@link GrayImage#lumaOf}), largest first. */
    public List<Detection> detect(GrayImage image) {
        double shrink = Math.max(1.0, (double) Math.max(image.width(), image.height()) / maxSide);
        GrayImage scanned = shrink == 1.0 ? image : HaarCascade.resizeBilinear(image,
                Math.max(1, (int) Math.round(image.width() / shrink)), Math.max(1, (int) Math.round(image.height() / shrink)));
        List<Detection> found = group(cascade.scan(scanned, scaleFactor, 0), minNeighbors);
        List<Detection> out = new ArrayList<>(found.size());
        for (Detection d : found) out.add(new Detection(d.box().scaled(shrink), d.neighbors()));
        out.sort(Comparator.comparingDouble((Detection d) -> d.box().area()).reversed());
        return out;
    }

    /** OpenCV's {@code groupRectangles(rects, groupThreshold, 0.2)}, with cluster averages kept in doubles. */
    static List<Detection> group(List<HaarCascade.Hit> hits, int groupThreshold) {
        int n = hits.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (similar(hits.get(i), hits.get(j))) union(parent, i, j);
            }
        }
        int[] label = new int[n];
        int[] rootLabel = new int[n];
        java.util.Arrays.fill(rootLabel, -1);
        int classes = 0;
        for (int i = 0; i < n; i++) {
            int r = find(parent, i);
            if (rootLabel[r] < 0) rootLabel[r] = classes++;
            label[i] = rootLabel[r];
        }
        double[][] acc = new double[classes][4];
        int[] count = new int[classes];
        for (int i = 0; i < n; i++) {
            HaarCascade.Hit h = hits.get(i);
            double[] a = acc[label[i]];
            a[0] += h.x();
            a[1] += h.y();
            a[2] += h.width();
            a[3] += h.height();
            count[label[i]]++;
        }
        double[][] box = new double[classes][4];
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < 4; k++) box[c][k] = acc[c][k] / count[c];
        }
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            if (count[i] <= groupThreshold) continue;
            boolean inside = false;
            for (int j = 0; j < classes && !inside; j++) {
                if (j == i || count[j] <= groupThreshold) continue;
                double dx = box[j][2] * EPS;
                double dy = box[j][3] * EPS;
                inside = box[i][0] >= box[j][0] - dx && box[i][1] >= box[j][1] - dy
                        && box[i][0] + box[i][2] <= box[j][0] + box[j][2] + dx
                        && box[i][1] + box[i][3] <= box[j][1] + box[j][3] + dy
                        && (count[j] > Math.max(3, count[i]) || count[i] < 3);
            }
            if (!inside) out.add(new Detection(new FaceBox(box[i][0], box[i][1], box[i][2], box[i][3]), count[i]));
        }
        return out;
    }

    private static boolean similar(HaarCascade.Hit a, HaarCascade.Hit b) {
        double delta = EPS * (Math.min(a.width(), b.width()) + Math.min(a.height(), b.height())) * 0.5;
        return Math.abs(a.x() - b.x()) <= delta && Math.abs(a.y() - b.y()) <= delta
                && Math.abs(a.x() + a.width() - b.x() - b.width()) <= delta
                && Math.abs(a.y() + a.height() - b.y() - b.height()) <= delta;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
}
