package io.latentpatch.core.grid;

/**
 * The layout of a latent that is raw pixels (space-to-depth): each grid cell holds one {@code f × f} block
 * of an RGB image as {@code L = 3·f²} values. The built-in pixel codecs use it; the blend finish uses it to
 * work on the picture itself instead of across cells a block apart.
 *
 * <p>Channel order {@code (c, dy, dx)}: latent channel {@code k = (c·f + dy)·f + dx} of cell
 * {@code (gy, gx)} holds colour {@code c} of pixel {@code (gy·f + dy, gx·f + dx)}. For one image of a
 * {@code gh × gw} grid, channels-first on both sides:
 * {@code latent[(k·gh + gy)·gw + gx] = image[(c·H + gy·f + dy)·W + gx·f + dx]} with {@code H = gh·f},
 * {@code W = gw·f}.
 *
 * @param block f, pixels per cell along a side, ≥ 1
 */
public record PixelBlocks(int block) {
    /** Colour planes of the picture. */
    public static final int COLOURS = 3;

    public PixelBlocks {
        if (block < 1) throw new IllegalArgumentException("block size must be >= 1, got " + block);
    }

    /** L = 3·f², latent channels per cell. */
    public int channels() {
        return COLOURS * block * block;
    }

    /**
     * Latent → picture: one image's {@code L × gh × gw} latent at {@code latent[latentFrom..]} becomes its
     * {@code 3 × gh·f × gw·f} picture at {@code image[imageFrom..]}.
     */
    public void unfold(float[] latent, int latentFrom, int gh, int gw, float[] image, int imageFrom) {
        move(latent, latentFrom, gh, gw, image, imageFrom, true);
    }

    /** Picture → latent, the inverse of {@link #unfold} (bit for bit). */
    public void fold(float[] image, int imageFrom, int gh, int gw, float[] latent, int latentFrom) {
        move(latent, latentFrom, gh, gw, image, imageFrom, false);
    }

    /** The picture of a square latent grid, {@code 3 × M·f × M·f} channels-first. */
    public float[] unfold(LatentGrid latent) {
        requireChannels(latent.channels());
        int side = latent.size() * block;
        float[] image = new float[COLOURS * side * side];
        unfold(latent.data(), 0, latent.size(), latent.size(), image, 0);
        return image;
    }

    /** The M×M latent grid of a {@code 3 × M·f × M·f} picture. */
    public LatentGrid fold(float[] image, int gridSize) {
        int side = gridSize * block;
        if (image.length != COLOURS * side * side) {
            throw new IllegalArgumentException("a " + gridSize + "x" + gridSize + " grid of " + block + "-pixel blocks needs a 3x"
                    + side + "x" + side + " picture (" + COLOURS * side * side + " values), got " + image.length);
        }
        float[] latent = new float[channels() * gridSize * gridSize];
        fold(image, 0, gridSize, gridSize, latent, 0);
        return new LatentGrid(channels(), gridSize, latent);
    }

    /** Throws unless a latent of {@code channels} channels can be this layout. */
    public void requireChannels(int channels) {
        if (channels != channels()) {
            throw new IllegalArgumentException("a latent of " + block + "x" + block + " pixel blocks has " + channels()
                    + " channels (3x" + block + "x" + block + "), got " + channels);
        }
    }

    private void move(float[] latent, int latentFrom, int gh, int gw, float[] image, int imageFrom, boolean toImage) {
        int height = gh * block;
        int width = gw * block;
        for (int c = 0; c < COLOURS; c++) {
            for (int y = 0; y < height; y++) {
                int gy = y / block;
                int kRow = (c * block + y - gy * block) * block;
                int row = imageFrom + (c * height + y) * width;
                for (int x = 0; x < width; x++) {
                    int gx = x / block;
                    int at = latentFrom + ((kRow + x - gx * block) * gh + gy) * gw + gx;
                    if (toImage) image[row + x] = latent[at];
                    else latent[at] = image[row + x];
                }
            }
        }
    }
}
