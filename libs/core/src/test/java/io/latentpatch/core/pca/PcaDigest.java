package io.latentpatch.core.pca;

import io.latentpatch.core.grid.LatentGrid;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Prints SHA-256 digests of a scatter matrix, a top-r eigensolve and a PCA fit of fixed inputs, plus the lane count;
 * {@link PcaVectorWidthTest} runs it in JVMs with different vector widths and compares.
 */
public final class PcaDigest {
    private PcaDigest() {}

    public static void main(String[] args) throws Exception {
        int channels = 300;
        List<LatentGrid> grids = CovarianceTest.randomGrids(channels, new int[] {9, 5}, 11);
        double[] mean = CovarianceTest.someMean(channels);
        double[] s = Covariance.scatter(grids, mean);
        double[] a = TopEigenTest.withSpectrum(TopEigenTest.imageLikeSpectrum(channels), 12);
        TopEigen top = TopEigen.of(a, channels, 16);
        PcaBasis pca = PcaFit.fit(PcaFitTest.synthetic(2, channels, 6, 13), 16);
        System.out.println("lanes=" + jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length());
        System.out.println("scatter=" + sha(s));
        System.out.println("topeigen=" + sha(top.values()) + "/" + sha(top.vectors()) + " basis=" + top.basisSize());
        System.out.println("pca=" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PcaFiles.toNpzBytes(pca))));
    }

    static String sha(double[] values) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8);
        for (double v : values) b.putDouble(v);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    }
}
