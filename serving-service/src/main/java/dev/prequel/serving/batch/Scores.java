package dev.prequel.serving.batch;

import java.util.List;

/** A job's answer: the version that ran it, its classes, and one probability row per image, in request order. */
public record Scores(String version, List<String> classes, float[][] probabilities) {
}
