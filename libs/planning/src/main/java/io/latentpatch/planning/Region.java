package io.latentpatch.planning;

import java.awt.image.BufferedImage;
import java.util.List;

/** An edit region, given by names of face parts or by a mask picture; mapped onto a grid when the grid is known. */
public sealed interface Region {
    /** The region on an M×M grid, row-major, true = regenerate. */
    boolean[] onGrid(int size);

    /** Named boxes of an aligned face ({@link RegionMask#NAMED}). */
    record Named(List<String> names) implements Region {
        public Named { names = List.copyOf(names); }

        @Override
        public boolean[] onGrid(int size) { return RegionMask.named(names, size); }
    }

    /** A mask picture: white = edit. */
    record Mask(BufferedImage picture, String source) implements Region {
        @Override
        public boolean[] onGrid(int size) { return RegionMask.fromPicture(picture, size, source); }
    }
}
