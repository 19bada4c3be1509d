package dev.prequel.serving.batch;

import dev.prequel.serving.registry.ServedModel;

/** A version with another input shape was promoted while the request waited: its pixels no longer fit; retry. */
public class ShapeChangedException extends RuntimeException {

    public ShapeChangedException(ServedModel served) {
        super(served + " takes " + served.shape() + " images, a new input shape; retry the request");
    }
}
