package dev.prequel.model.predict;

/** One class and the probability the model gives it. */
public record ClassScore(int index, String label, float probability) {
}
