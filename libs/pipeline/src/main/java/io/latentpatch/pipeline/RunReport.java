package io.latentpatch.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.codec.Codec;
import io.latentpatch.core.provenance.CopyReport;
import io.latentpatch.core.sampler.SamplerParams;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json} of a run: parameters as resolved, seed, the copy report of every output and the
 * time of each stage. Everything but {@code timingsMs} is a function of the inputs (same command and
 * seed ⇒ same text), so the determinism tests compare reports with that one field removed.
 */
public final class RunReport {
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunReport() {}

    public static ObjectNode build(Codec codec, Generation.Input in, Generation.Result result, Map<String, Long> timingsMs) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("model", codec.name());
        ObjectNode codecNode = root.putObject("codec");
        codecNode.put("latentChannels", codec.latentChannels());
        codecNode.put("downscale", codec.downscale());
        codecNode.put("imageSize", result.imageSize());
        codecNode.put("gridSize", result.encoded().gridSize());
        root.put("count", in.count());
        root.put("seed", in.seed());
        root.put("mode", in.spec().mode().label());
        root.set("params", params(result.plan().params()));
        ObjectNode pca = root.putObject("pca");
        pca.put("components", result.encoded().pca().dims());
        pca.put("explainedVarianceRatio", result.encoded().pca().explainedVarianceRatio());
        if (in.spec().referenceIndex() != null) root.put("reference", in.spec().referenceIndex());
        if (in.spec().where() != null) root.put("where", in.spec().where());
        ArrayNode sources = root.putArray("sources");
        List<String> names = SourceImage.names(in.sources());
        for (String n : names) sources.add(n);
        ArrayNode candidates = root.putArray("candidateSources");
        for (int id : result.plan().sourceIds()) candidates.add(id);
        ArrayNode outputs = root.putArray("outputs");
        for (Generation.Output o : result.outputs()) {
            ObjectNode node = outputs.addObject();
            node.put("index", o.index());
            node.put("imageSeed", o.sample().imageSeed());
            node.put("image", o.index() + ".png");
            node.set("copyReport", copyReport(o.copyReport(), names));
        }
        ObjectNode timings = root.putObject("timingsMs");
        timingsMs.forEach(timings::put);
        return root;
    }

    /** The resolved engine parameters as JSON. */
    public static ObjectNode params(SamplerParams p) {
        ObjectNode node = JSON.createObjectNode();
        node.put("method", GenerationSpec.label(p.method()));
        node.put("patch", p.patch());
        node.put("stride", p.stride());
        node.put("k", p.k());
        node.put("scales", p.scales());
        node.put("coarsestFraction", p.coarsestFraction());
        node.put("finish", GenerationSpec.label(p.finish()));
        node.put("upsample", GenerationSpec.label(p.upsample()));
        if (p.kPerScale() != null) {
            ArrayNode ks = node.putArray("kPerScale");
            for (int k : p.kPerScale()) ks.add(k);
        }
        node.put("sourceReusePenalty", p.sourceReusePenalty());
        return node;
    }

    /** A copy report as JSON: largest single-source region and per-source shares (non-zero only). */
    public static ObjectNode copyReport(CopyReport r, List<String> names) {
        ObjectNode node = JSON.createObjectNode();
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

    public static String toJson(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("report is not serialisable", e);
        }
    }
}
