package io.latentpatch.samples;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Procedurally drawn, labelled, aligned portraits: a sample set that needs no data.
 *
 * <p>Each portrait is a square RGB image in the alignment of the real face photos: eye centres at
 * ({@value #LEFT_EYE_X}, {@value #EYE_Y}) and ({@value #RIGHT_EYE_X}, {@value #EYE_Y}) and mouth at
 * y ≈ {@value #MOUTH_Y}, all as fractions of the side, face centred. Labels (see {@link #LABEL_COLUMNS}):
 * <ul>
 *   <li>{@code hair}: black | brown | blond | red | grey</li>
 *   <li>{@code hair_style}: short | long | bald | bun</li>
 *   <li>{@code glasses}, {@code smile}, {@code beard}, {@code earrings}: true | false</li>
 *   <li>{@code skin}: light | medium | dark</li>
 *   <li>{@code background}: blue | green | grey | peach | purple</li>
 *   <li>{@code eye_color}: brown | blue | green | grey</li>
 *   <li>{@code bald} (= hair_style is bald) and {@code blond} (= hair is blond): true | false</li>
 * </ul>
 * Attribute values follow fixed quotas rather than chance, and every pair of boolean columns has each of its
 * combinations present where the quotas allow (at least twice when at least two are expected); in the default
 * set of 32 every boolean value occurs at least twice and {@code blond=true,glasses=true} matches at least two.
 *
 * <p>Deterministic: the same (count, seed, size) gives the same labels and pixels on the same JDK.
 */
public final class SyntheticPortraits {
    /** Eye centres and mouth line, as fractions of the image side (match the real aligned photos). */
    public static final double EYE_Y = 0.47, LEFT_EYE_X = 0.375, RIGHT_EYE_X = 0.625, MOUTH_Y = 0.70;

    /** Label keys, in the order of {@link Portrait#labels()} and of the {@code labels.csv} columns after {@code file}. */
    public static final List<String> LABEL_COLUMNS = List.of(
            "hair", "hair_style", "glasses", "smile", "skin", "background", "beard", "earrings", "eye_color",
            "bald", "blond");

    /** Smallest and largest side accepted, in pixels. */
    public static final int MIN_SIZE = 32, MAX_SIZE = 4096;

    /** Largest number of portraits in one call. */
    public static final int MAX_COUNT = 10_000;

    private SyntheticPortraits() {
    }

    /**
     * Draws {@code count} portraits of {@code size × size} pixels.
     *
     * @param count number of portraits, 1 … {@value #MAX_COUNT}
     * @param seed  fixes attributes and every drawing detail
     * @param size  side in pixels, {@value #MIN_SIZE} … {@value #MAX_SIZE}
     * @return portraits named {@code portrait_000.png}, {@code portrait_001.png}, … in that order
     */
    public static List<Portrait> generate(int count, long seed, int size) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1.." + MAX_COUNT + ", got " + count);
        }
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be " + MIN_SIZE + ".." + MAX_SIZE + " pixels, got " + size);
        }
        List<PortraitTraits> plan = TraitPlanner.plan(count, seed);
        List<Portrait> portraits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            PortraitTraits traits = plan.get(i);
            portraits.add(new Portrait(fileName(i),
                    PortraitPainter.paint(traits, lookSeed(seed, i), size),
                    Collections.unmodifiableMap(traits.labels())));
        }
        return List.copyOf(portraits);
    }

    /** {@code portrait_000.png} for index 0; at least three digits. */
    public static String fileName(int index) {
        return String.format(Locale.ROOT, "portrait_%03d.png", index);
    }

    /** Independent stream per portrait: SplitMix64 finaliser of (seed, index). */
    static long lookSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
