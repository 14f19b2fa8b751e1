package io.latentpatch.generate;

import io.latentpatch.pipeline.SourceImage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.codec.Codec;
import io.latentpatch.core.provenance.CopyReport;
import io.latentpatch.planning.ReportJson;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json} of a run: parameters as resolved, seed, the copy report of every output and the
 * time of each stage. Everything but {@code timingsMs} is a function of the inputs (same command and
 * seed ⇒ same text), so the determinism tests compare reports with that one field removed.
 */
public final class RunReport {
    
    private RunReport() {}

    public static ObjectNode build(Codec codec, Generation.Input in, Generation.Result result, Map<String, Long> timingsMs) {
        ObjectNode root = ReportJson.object();
        root.put("schemaVersion", ReportJson.SCHEMA_VERSION);
        root.put("model", codec.name());
        ObjectNode codecNode = root.putObject("codec");
        codecNode.put("latentChannels", codec.latentChannels());
        codecNode.put("downscale", codec.downscale());
        codecNode.put("imageSize", result.imageSize());
        codecNode.put("gridSize", result.encoded().gridSize());
        root.put("count", in.count());
        root.put("seed", in.seed());
        root.put("mode", in.spec().mode().label());
        root.set("params", ReportJson.params(result.plan().params()));
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
            node.set("copyReport", ReportJson.copyReport(o.copyReport(), names));
        }
        ObjectNode timings = root.putObject("timingsMs");
        timingsMs.forEach(timings::put);
        return root;
    }

}
