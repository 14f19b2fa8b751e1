package io.latentpatch.samples;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The labelled, discrete attributes of one portrait; the painter draws exactly what these say. */
record PortraitTraits(
        HairColour hair,
        HairStyle hairStyle,
        boolean glasses,
        boolean smile,
        Skin skin,
        Background background,
        boolean beard,
        boolean earrings,
        EyeColour eyes) {

    enum HairColour { BLACK, BROWN, BLOND, RED, GREY }

    enum HairStyle { SHORT, LONG, BALD, BUN }

    enum Skin { LIGHT, MEDIUM, DARK }

    enum Background { BLUE, GREEN, GREY, PEACH, PURPLE }

    enum EyeColour { BROWN, BLUE, GREEN, GREY }

    /** Labels in {@link SyntheticPortraits#LABEL_COLUMNS} order; booleans as {@code true}/{@code false}. */
    Map<String, String> labels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hair", label(hair));
        m.put("hair_style", label(hairStyle));
        m.put("glasses", Boolean.toString(glasses));
        m.put("smile", Boolean.toString(smile));
        m.put("skin", label(skin));
        m.put("background", label(background));
        m.put("beard", Boolean.toString(beard));
        m.put("earrings", Boolean.toString(earrings));
        m.put("eye_color", label(eyes));
        m.put("bald", Boolean.toString(hairStyle == HairStyle.BALD));
        m.put("blond", Boolean.toString(hair == HairColour.BLOND));
        return m;
    }

    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
