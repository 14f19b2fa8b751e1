package io.latentpatch.alignment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * An OpenCV boosted Haar cascade ({@code haarcascade_frontalface_*.xml}, the "new" cascade format
 * that {@code opencv_traincascade} writes) evaluated as OpenCV's {@code CascadeClassifier} does: the
 * window is normalised by {@code sqrt(area · Σv² − (Σv)²)} over its inner rectangle (one pixel in
 * from each side); each weak classifier is a small tree whose nodes compare a weighted sum of
 * rectangle sums, times that factor, with a threshold (less → left); a stage passes when the sum of
 * its leaves reaches the stage threshold (minus 1e-5, as OpenCV reads it).
 *
 * <p>Flat layout: node {@code n} of the cascade has feature {@code nodeFeature[n]}, threshold
 * {@code nodeThreshold[n]}, children {@code nodeLeft/Right[n]} (> 0: node index within the same
 * weak classifier, ≤ 0: minus the leaf index); feature {@code f} has {@code rectCount[f]} rectangles
 * {@code rects[(f * 3 + i) * 4 ..]} = x, y, w, h and weights {@code rectWeight[f * 3 + i]}.
 * Immutable and thread-safe.
 */
public final class HaarCascade {
    private static final float THRESHOLD_EPS = 1e-5f;

    private final int windowWidth;
    private final int windowHeight;
    private final int[] stageFirstClassifier; // size stages + 1
    private final float[] stageThreshold;
    private final int[] classifierFirstNode; // size classifiers + 1
    private final int[] classifierFirstLeaf; // size classifiers + 1
    private final int[] nodeFeature;
    private final float[] nodeThreshold;
    private final int[] nodeLeft;
    private final int[] nodeRight;
    private final float[] leafValue;
    private final int[] rectCount;
    private final int[] rects;
    private final float[] rectWeight;

    private HaarCascade(int windowWidth, int windowHeight, int[] stageFirstClassifier, float[] stageThreshold,
                        int[] classifierFirstNode, int[] classifierFirstLeaf, int[] nodeFeature, float[] nodeThreshold,
                        int[] nodeLeft, int[] nodeRight, float[] leafValue, int[] rectCount, int[] rects, float[] rectWeight) {
        this.windowWidth = windowWidth;
        this.windowHeight = windowHeight;
        this.stageFirstClassifier = stageFirstClassifier;
        this.stageThreshold = stageThreshold;
        this.classifierFirstNode = classifierFirstNode;
        this.classifierFirstLeaf = classifierFirstLeaf;
        this.nodeFeature = nodeFeature;
        this.nodeThreshold = nodeThreshold;
        this.nodeLeft = nodeLeft;
        this.nodeRight = nodeRight;
        this.leafValue = leafValue;
        this.rectCount = rectCount;
        this.rects = rects;
        this.rectWeight = rectWeight;
    }

    /** Reads an OpenCV cascade XML file (e.g. {@code /usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml}). */
    public static HaarCascade read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "the face detector cascade is missing; install "
                    + "Debian's opencv-data package or set the detector cascade path");
        }
    }

    /** Reads a cascade; {@code source} names it in messages. */
    public static HaarCascade read(InputStream in, String source) throws IOException {
        Element cascade;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            cascade = child(f.newDocumentBuilder().parse(in).getDocumentElement(), "cascade", source);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(source + " is not a readable OpenCV cascade XML file: " + e.getMessage(), e);
        }
        String stageType = text(child(cascade, "stageType", source));
        String featureType = text(child(cascade, "featureType", source));
        if (!"BOOST".equals(stageType) || !"HAAR".equals(featureType)) {
            throw new IOException(source + ": a " + stageType + "/" + featureType + " cascade; only BOOST/HAAR cascades are supported");
        }
        int width = Integer.parseInt(text(child(cascade, "width", source)));
        int height = Integer.parseInt(text(child(cascade, "height", source)));

        List<Element> stages = items(child(cascade, "stages", source));
        int[] stageFirst = new int[stages.size() + 1];
        float[] stageThr = new float[stages.size()];
        List<int[]> classifierNodes = new ArrayList<>(); // per classifier: flattened (left, right, feature) triples
        List<float[]> classifierThr = new ArrayList<>();
        List<float[]> classifierLeaves = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            Element stage = stages.get(s);
            stageFirst[s] = classifierNodes.size();
            stageThr[s] = Float.parseFloat(text(child(stage, "stageThreshold", source))) - THRESHOLD_EPS;
            for (Element weak : items(child(stage, "weakClassifiers", source))) {
                String[] nodes = text(child(weak, "internalNodes", source)).trim().split("\\s+");
                String[] leafs = text(child(weak, "leafValues", source)).trim().split("\\s+");
                if (nodes.length % 4 != 0 || leafs.length < 1) {
                    throw new IOException(source + ": stage " + s + " has a weak classifier with " + nodes.length
                            + " node numbers (expected groups of 4: left right feature threshold)");
                }
                int n = nodes.length / 4;
                int[] lrf = new int[3 * n];
                float[] thr = new float[n];
                for (int i = 0; i < n; i++) {
                    lrf[3 * i] = Integer.parseInt(nodes[4 * i]);
                    lrf[3 * i + 1] = Integer.parseInt(nodes[4 * i + 1]);
                    lrf[3 * i + 2] = Integer.parseInt(nodes[4 * i + 2]);
                    thr[i] = Float.parseFloat(nodes[4 * i + 3]);
                }
                float[] leaves = new float[leafs.length];
                for (int i = 0; i < leafs.length; i++) leaves[i] = Float.parseFloat(leafs[i]);
                classifierNodes.add(lrf);
                classifierThr.add(thr);
                classifierLeaves.add(leaves);
            }
        }
        stageFirst[stages.size()] = classifierNodes.size();
        int classifiers = classifierNodes.size();
        int[] firstNode = new int[classifiers + 1];
        int[] firstLeaf = new int[classifiers + 1];
        for (int c = 0; c < classifiers; c++) {
            firstNode[c + 1] = firstNode[c] + classifierThr.get(c).length;
            firstLeaf[c + 1] = firstLeaf[c] + classifierLeaves.get(c).length;
        }
        int[] nodeFeature = new int[firstNode[classifiers]];
        float[] nodeThr = new float[nodeFeature.length];
        int[] left = new int[nodeFeature.length];
        int[] right = new int[nodeFeature.length];
        float[] leafValue = new float[firstLeaf[classifiers]];
        for (int c = 0; c < classifiers; c++) {
            int[] lrf = classifierNodes.get(c);
            float[] thr = classifierThr.get(c);
            for (int i = 0; i < thr.length; i++) {
                int n = firstNode[c] + i;
                left[n] = lrf[3 * i];
                right[n] = lrf[3 * i + 1];
                nodeFeature[n] = lrf[3 * i + 2];
                nodeThr[n] = thr[i];
                for (int child : new int[] {left[n], right[n]}) {
                    if (child > 0 ? child >= thr.length : -child >= classifierLeaves.get(c).length) {
                        throw new IOException(source + ": a weak classifier points at node/leaf " + child + " it does not have");
                    }
                }
            }
            System.arraycopy(classifierLeaves.get(c), 0, leafValue, firstLeaf[c], classifierLeaves.get(c).length);
        }

        List<Element> features = items(child(cascade, "features", source));
        int[] rectCount = new int[features.size()];
        int[] rects = new int[features.size() * 12];
        float[] weights = new float[features.size() * 3];
        for (int f = 0; f < features.size(); f++) {
            Element feature = features.get(f);
            Element tilted = optionalChild(feature, "tilted");
            if (tilted != null && !"0".equals(text(tilted).trim())) {
                throw new IOException(source + ": feature " + f + " is tilted; tilted Haar features are not supported");
            }
            List<Element> rs = items(child(feature, "rects", source));
            if (rs.isEmpty() || rs.size() > 3) throw new IOException(source + ": feature " + f + " has " + rs.size() + " rectangles");
            rectCount[f] = rs.size();
            for (int i = 0; i < rs.size(); i++) {
                String[] v = text(rs.get(i)).trim().split("\\s+");
                if (v.length != 5) throw new IOException(source + ": feature " + f + " rectangle '" + text(rs.get(i)) + "' is not x y w h weight");
                int x = Integer.parseInt(v[0]), y = Integer.parseInt(v[1]), w = Integer.parseInt(v[2]), h = Integer.parseInt(v[3]);
                if (x < 0 || y < 0 || w < 0 || h < 0 || x + w > width || y + h > height) {
                    throw new IOException(source + ": feature " + f + " rectangle " + text(rs.get(i)).trim() + " leaves the "
                            + width + "x" + height + " window");
                }
                rects[(f * 3 + i) * 4] = x;
                rects[(f * 3 + i) * 4 + 1] = y;
                rects[(f * 3 + i) * 4 + 2] = w;
                rects[(f * 3 + i) * 4 + 3] = h;
                weights[f * 3 + i] = Float.parseFloat(v[4]);
            }
        }
        for (int fi : nodeFeature) {
            if (fi < 0 || fi >= features.size()) throw new IOException(source + ": a node uses feature " + fi + " of " + features.size());
        }
        return new HaarCascade(width, height, stageFirst, stageThr, firstNode, firstLeaf, nodeFeature, nodeThr, left,
                right, leafValue, rectCount, rects, weights);
    }

    public int windowWidth() {
        return windowWidth;
    }

    public int windowHeight() {
        return windowHeight;
    }

    public int stages() {
        return stageThreshold.length;
    }

    /** A detection before grouping: a window, in the pixels of the image that was scanned. */
    public record Hit(int x, int y, int width, int height) {}

    /**
     * Every window of {@code image} that passes all stages, over scales {@code 1, f, f², …} (the image
     * is shrunk by each scale with bilinear interpolation, the window stays fixed, as OpenCV does),
     * with windows of at least {@code minSize} pixels; the step is 2 pixels of the shrunk image up to
     * scale 2 and 1 beyond.
     */
    public List<Hit> scan(GrayImage image, double scaleFactor, int minSize) {
        if (!(scaleFactor > 1.0)) throw new IllegalArgumentException("scale factor must be > 1, got " + scaleFactor);
        List<Hit> hits = new ArrayList<>();
        for (double factor = 1; ; factor *= scaleFactor) {
            int winW = (int) Math.round(windowWidth * factor);
            int winH = (int) Math.round(windowHeight * factor);
            int sw = (int) Math.round(image.width() / factor);
            int sh = (int) Math.round(image.height() / factor);
            if (sw - windowWidth <= 0 || sh - windowHeight <= 0) break;
            if (winW < minSize || winH < minSize) continue;
            Integral ii = new Integral(factor == 1 ? image : resizeBilinear(image, sw, sh));
            int step = factor > 2 ? 1 : 2;
            for (int y = 0; y + windowHeight < sh; y += step) {
                for (int x = 0; x + windowWidth < sw; x += step) {
                    if (passes(ii, x, y)) {
                        hits.add(new Hit((int) Math.round(x * factor), (int) Math.round(y * factor), winW, winH));
                    }
                }
            }
        }
        return hits;
    }

    /** Whether the window with its top-left corner at ({@code x}, {@code y}) passes every stage. */
    boolean passes(Integral ii, int x, int y) {
        int nx = x + 1, ny = y + 1, nw = windowWidth - 2, nh = windowHeight - 2;
        long sum = ii.sum(nx, ny, nw, nh);
        long sq = ii.squareSum(nx, ny, nw, nh);
        double nf = (double) nw * nh * sq - (double) sum * sum;
        float norm = nf > 0 ? (float) (1.0 / Math.sqrt(nf)) : 1f;
        for (int s = 0; s < stageThreshold.length; s++) {
            double stageSum = 0;
            for (int c = stageFirstClassifier[s]; c < stageFirstClassifier[s + 1]; c++) {
                int root = classifierFirstNode[c];
                int idx = 0;
                do {
                    int n = root + idx;
                    float value = feature(ii, nodeFeature[n], x, y) * norm;
                    idx = value < nodeThreshold[n] ? nodeLeft[n] : nodeRight[n];
                } while (idx > 0);
                stageSum += leafValue[classifierFirstLeaf[c] - idx];
            }
            if (stageSum < stageThreshold[s]) return false;
        }
        return true;
    }

    private float feature(Integral ii, int f, int x, int y) {
        float v = 0;
        for (int i = 0; i < rectCount[f]; i++) {
            int r = (f * 3 + i) * 4;
            v += rectWeight[f * 3 + i] * ii.sum(x + rects[r], y + rects[r + 1], rects[r + 2], rects[r + 3]);
        }
        return v;
    }

    /** Bilinear resize with pixel centres aligned (OpenCV's {@code INTER_LINEAR}), rounded to 8 bits. */
    static GrayImage resizeBilinear(GrayImage src, int w, int h) {
        int[] out = new int[w * h];
        double sx = (double) src.width() / w;
        double sy = (double) src.height() / h;
        int[] v = src.value();
        int sw = src.width();
        for (int y = 0; y < h; y++) {
            double fy = (y + 0.5) * sy - 0.5;
            int y0 = (int) Math.floor(fy);
            double ay = fy - y0;
            if (y0 < 0) {
                y0 = 0;
                ay = 0;
            }
            int y1 = Math.min(y0 + 1, src.height() - 1);
            if (y0 >= src.height() - 1) {
                y0 = src.height() - 1;
                ay = 0;
            }
            for (int x = 0; x < w; x++) {
                double fx = (x + 0.5) * sx - 0.5;
                int x0 = (int) Math.floor(fx);
                double ax = fx - x0;
                if (x0 < 0) {
                    x0 = 0;
                    ax = 0;
                }
                if (x0 >= sw - 1) {
                    x0 = sw - 1;
                    ax = 0;
                }
                int x1 = Math.min(x0 + 1, sw - 1);
                double top = v[y0 * sw + x0] * (1 - ax) + v[y0 * sw + x1] * ax;
                double bottom = v[y1 * sw + x0] * (1 - ax) + v[y1 * sw + x1] * ax;
                out[y * w + x] = (int) Math.round(top * (1 - ay) + bottom * ay);
            }
        }
        return new GrayImage(w, h, out);
    }

    /** Integral images of values and squared values, {@code (width + 1) × (height + 1)}, row-major. */
    static final class Integral {
        final int stride;
        final long[] sum;
        final long[] square;

        Integral(GrayImage image) {
            int w = image.width();
            int h = image.height();
            stride = w + 1;
            sum = new long[(w + 1) * (h + 1)];
            square = new long[(w + 1) * (h + 1)];
            int[] v = image.value();
            for (int y = 0; y < h; y++) {
                long rs = 0;
                long rq = 0;
                for (int x = 0; x < w; x++) {
                    int p = v[y * w + x];
                    rs += p;
                    rq += (long) p * p;
                    sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1] + rs;
                    square[(y + 1) * stride + x + 1] = square[y * stride + x + 1] + rq;
                }
            }
        }

        long sum(int x, int y, int w, int h) {
            int a = y * stride + x;
            int b = (y + h) * stride + x;
            return sum[b + w] - sum[b] - sum[a + w] + sum[a];
        }

        long squareSum(int x, int y, int w, int h) {
            int a = y * stride + x;
            int b = (y + h) * stride + x;
            return square[b + w] - square[b] - square[a + w] + square[a];
        }
    }

    private static Element child(Element parent, String name, String source) throws IOException {
        Element e = optionalChild(parent, name);
        if (e == null) throw new IOException(source + ": <" + parent.getTagName() + "> has no <" + name + ">; not an OpenCV cascade file");
        return e;
    }

    private static Element optionalChild(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) return e;
        }
        return null;
    }

    private static List<Element> items(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("_")) out.add(e);
        }
        return out;
    }

    private static String text(Element e) {
        return e.getTextContent();
    }
}
