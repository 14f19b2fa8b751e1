package io.latentpatch.pipeline;

import io.latentpatch.codec.Codec;
import io.latentpatch.codec.ImageBatch;
import io.latentpatch.codec.LatentBatch;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.planning.EncodedSources;
import java.util.ArrayList;
import java.util.List;

/** Step 1 of the method through a codec: images to latent grids, and latent grids to codec batches. */
public final class SourceEncoding {
    private SourceEncoding() {}

    /** Encodes the images (equal size CHW, values in [0, 1]) and fits an r-component PCA on all cells. */
    public static EncodedSources encode(Codec codec, List<float[]> images, int imageSize, int pcaDims) {
        return EncodedSources.fit(encodeImages(codec, images, imageSize), pcaDims);
    }

    /** Encodes equal-size CHW images one by one, so a latent never depends on which images share its batch. */
    public static List<LatentGrid> encodeImages(Codec codec, List<float[]> images, int imageSize) {
        List<LatentGrid> out = new ArrayList<>(images.size());
        for (float[] chw : images) {
            LatentBatch batch = codec.encode(ImageBatch.single(imageSize, imageSize, chw));
            out.add(toGrid(batch, 0));
        }
        return out;
    }

    /** Grid {@code i} of a square latent batch, copied. */
    public static LatentGrid toGrid(LatentBatch batch, int i) {
        if (batch.height() != batch.width()) {
            throw new IllegalArgumentException("latent grid is " + batch.height() + "x" + batch.width() + ", expected a square grid");
        }
        int per = batch.channels() * batch.height() * batch.width();
        float[] data = new float[per];
        System.arraycopy(batch.data(), i * per, data, 0, per);
        return new LatentGrid(batch.channels(), batch.height(), data);
    }

    /** Stacks equally shaped grids into one latent batch (copies). */
    public static LatentBatch toBatch(List<LatentGrid> grids) {
        LatentGrid first = grids.get(0);
        int per = first.data().length;
        float[] data = new float[per * grids.size()];
        for (int i = 0; i < grids.size(); i++) System.arraycopy(grids.get(i).data(), 0, data, i * per, per);
        return new LatentBatch(grids.size(), first.channels(), first.size(), first.size(), data);
    }

}
