package io.latentpatch.alignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaceDetectorTest {

    @Test
    void groupingAveragesClustersAndDropsOnesWithTooFewHits() {
        List<HaarCascade.Hit> hits = new ArrayList<>();
        for (int i = 0; i < 5; i++) hits.add(new HaarCascade.Hit(100 + i, 50 - i, 80 + 2 * i, 80 + 2 * i));
        hits.add(new HaarCascade.Hit(300, 300, 40, 40)); // a lone hit far away
        hits.add(new HaarCascade.Hit(302, 301, 40, 40));
        List<FaceDetector.Detection> out = FaceDetector.group(hits, 3);
        assertThat(out).hasSize(1);
        FaceBox b = out.get(0).box();
        assertThat(out.get(0).neighbors()).isEqualTo(5);
        assertThat(b.left()).isEqualTo(102.0);
        assertThat(b.top()).isEqualTo(48.0);
        assertThat(b.width()).isEqualTo(84.0);
    }

    @Test
    void aWeakClusterInsideAStrongOneIsDropped() {
        List<HaarCascade.Hit> hits = new ArrayList<>();
        for (int i = 0; i < 10; i++) hits.add(new HaarCascade.Hit(100, 100, 100, 100));
        for (int i = 0; i < 4; i++) hits.add(new HaarCascade.Hit(130, 130, 40, 40));
        assertThat(FaceDetector.group(hits, 3)).hasSize(1);
    }

    @Test
    void integralImageSumsEqualDirectSums() {
        SplittableRandom r = new SplittableRandom(3);
        int w = 23, h = 17;
        int[] v = new int[w * h];
        for (int i = 0; i < v.length; i++) v[i] = r.nextInt(256);
        HaarCascade.Integral ii = new HaarCascade.Integral(new GrayImage(w, h, v));
        for (int t = 0; t < 200; t++) {
            int x = r.nextInt(w), y = r.nextInt(h), rw = r.nextInt(w - x + 1), rh = r.nextInt(h - y + 1);
            long s = 0, q = 0;
            for (int yy = y; yy < y + rh; yy++) for (int xx = x; xx < x + rw; xx++) {
                s += v[yy * w + xx];
                q += (long) v[yy * w + xx] * v[yy * w + xx];
            }
            assertThat(ii.sum(x, y, rw, rh)).isEqualTo(s);
            assertThat(ii.squareSum(x, y, rw, rh)).isEqualTo(q);
        }
    }
}
