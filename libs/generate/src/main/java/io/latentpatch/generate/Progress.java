package io.latentpatch.generate;

/** Where a run reports how far a stage is; the CLI draws it as a progress bar. */
@FunctionalInterface
public interface Progress {
    /** Nothing reported (tests, quiet mode). */
    Progress NONE = (stage, done, total) -> { };

    /** {@code done} of {@code total} items of {@code stage} (e.g. "encoding") are finished. */
    void update(String stage, int done, int total);
}
