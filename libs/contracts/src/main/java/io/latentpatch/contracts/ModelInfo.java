package io.latentpatch.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One entry of the model registry in the object store ({@link ObjectKeys#modelInfo}): the facts about a
 * codec that a job is validated against. Workers publish an entry for every model they can open when
 * they start, so a gateway validates jobs without model files or ONNX Runtime of its own.
 *
 * @param schemaVersion  {@link SchemaVersion#CURRENT}
 * @param name           the model name jobs use (an id: {@code taef2}, {@code pixel})
 * @param latentChannels L, latent channels per cell, >= 1
 * @param downscale      f, image pixels per latent cell along a side, >= 1
 * @param imageSize      the square side images are normalised to, a multiple of {@code downscale}
 * @param publishedBy    the worker that wrote the entry
 * @param publishedAt    when it was written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelInfo(
        @JsonProperty(required = true) int schemaVersion,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) int latentChannels,
        @JsonProperty(required = true) int downscale,
        @JsonProperty(required = true) int imageSize,
        @JsonProperty(required = true) String publishedBy,
        @JsonProperty(required = true) Instant publishedAt) implements Message {

    public ModelInfo {
        SchemaVersion.require("ModelInfo", schemaVersion);
        Ids.require("name", name);
        Checks.atLeast("latentChannels", latentChannels, 1);
        Checks.atLeast("downscale", downscale, 1);
        Checks.atLeast("imageSize", imageSize, downscale);
        if (imageSize % downscale != 0) {
            throw new InvalidMessageException("imageSize: " + imageSize + " is not a multiple of the downscale " + downscale);
        }
        Checks.requiredText("publishedBy", publishedBy);
        Checks.required("publishedAt", publishedAt);
    }

    /** An entry at the current schema version. */
    public static ModelInfo of(String name, int latentChannels, int downscale, int imageSize, String publishedBy, Instant publishedAt) {
        return new ModelInfo(SchemaVersion.CURRENT, name, latentChannels, downscale, imageSize, publishedBy, publishedAt);
    }

    /** M, the latent grid side at the model's image size. */
    public int gridSize() {
        return imageSize / downscale;
    }

    /** True when both entries describe the same model shape (who published it and when aside). */
    public boolean sameShape(ModelInfo other) {
        return other != null && name.equals(other.name) && latentChannels == other.latentChannels && downscale == other.downscale
                && imageSize == other.imageSize;
    }

    /** The model name (registry entries are never published to Kafka). */
    @Override
    public String partitionKey() {
        return name;
    }
}
