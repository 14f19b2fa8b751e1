package io.latentpatch.planning;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.core.provenance.CopyReport;
import io.latentpatch.core.sampler.SamplerParams;
import java.util.List;

/**
 * The JSON parts shared by a run's {@code report.json} ({@code latentpatch generate}) and a job's
 * {@code reports/{i}.json} (sampler worker): resolved parameters and copy reports, written the same way.
 */
public final class ReportJson {
    /** Schema version of both report documents. */
    public static final int SCHEMA_VERSION = 1;

    private ReportJson() {}

    /** A new empty object node. */
    public static ObjectNode object() {
        return JsonCodec.shared().mapper().createObjectNode();
    }

    /**
     * The resolved engine parameters as JSON. The anchor parameters of anchored coverage are written only when one
     * differs from its default (absent: one anchor per output, weight 4, cap 0.2), so default reports keep their bytes.
     */
    public static ObjectNode params(SamplerParams p) {
        ObjectNode node = JsonCodec.shared().mapper().createObjectNode();
        node.put("method", GenerationSpec.label(p.method()));
        node.put("patch", p.patch());
        node.put("stride", p.stride());
        node.put("k", p.k());
        node.put("scales", p.scales());
        node.put("coarsestFraction", p.coarsestFraction());
        node.put("finish", GenerationSpec.label(p.finish()));
        node.put("upsample", GenerationSpec.label(p.upsample()));
        node.put("coverage", GenerationSpec.label(p.coverage()));
        if (p.kPerScale() != null) {
            ArrayNode ks = node.putArray("kPerScale");
            for (int k : p.kPerScale()) ks.add(k);
        }
        node.put("sourceReusePenalty", p.sourceReusePenalty());
        if (!p.defaultAnchors()) {
            node.put("anchorRegions", p.anchorRegions());
            if (p.anchorLayout() != SamplerParams.AnchorLayout.GRID) node.put("anchorLayout", GenerationSpec.label(p.anchorLayout()));
            node.put("anchorWeight", p.anchorWeight());
            node.put("anchorCap", p.anchorCap());
        }
        return node;
    }

    /** A copy report as JSON: largest single-source region and per-source shares (non-zero only). */
    public static ObjectNode copyReport(CopyReport r, List<String> names) {
        ObjectNode node = JsonCodec.shared().mapper().createObjectNode();
        node.put("largestRegionFraction", r.largestRegionFraction());
        node.put("largestRegionSource", r.largestRegionSource());
        node.put("distinctSources", r.distinctSources());
        if (r.targetCells() > 0) node.put("targetShare", r.targetShare());
        ObjectNode shares = node.putObject("sourceShares");
        double[] s = r.sourceShares();
        for (int b = 0; b < s.length; b++) {
            if (s[b] > 0) shares.put(b < names.size() ? b + ":" + names.get(b) : String.valueOf(b), s[b]);
        }
        return node;
    }

    /** The report as indented JSON text, as both documents are written. */
    public static String toJson(ObjectNode node) {
        return JsonCodec.shared().writePretty(node);
    }
}
