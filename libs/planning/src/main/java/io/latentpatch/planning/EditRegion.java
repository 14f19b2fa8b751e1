package io.latentpatch.planning;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * An edit region as the planner takes it: names of face parts, or a mask picture already loaded; mapped onto a
 * grid when the grid is known. Its wire form is {@code io.latentpatch.contracts.Region} (names or the mask's
 * object key); {@link ContractMapping#regionFor} is the one mapping from that to this.
 */
public sealed interface EditRegion {
    /** The region on an M×M grid, row-major, true = regenerate. */
    boolean[] onGrid(int size);

    /** Named boxes of an aligned face ({@link RegionMask#NAMED}). */
    record Named(List<String> names) implements EditRegion {
        public Named { names = List.copyOf(names); }

        @Override
        public boolean[] onGrid(int size) { return RegionMask.named(names, size); }
    }

    /** A mask picture: white = edit. */
    record Mask(BufferedImage picture, String source) implements EditRegion {
        @Override
        public boolean[] onGrid(int size) { return RegionMask.fromPicture(picture, size, source); }
    }
}
