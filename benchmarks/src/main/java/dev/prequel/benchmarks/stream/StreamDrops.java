package dev.prequel.benchmarks.stream;

import dev.prequel.localstack.SampleDrops.LabelledImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The stream cut from a sorted image list: every 10th image from offset 9 is held out; the others, in order, make
 * {@code drops} drops, drop k taking every {@code drops}-th of them from offset k. Deterministic, so two runs (or two
 * people) measure on the same images.
 */
record StreamDrops(List<LabelledImage> heldOut, List<List<LabelledImage>> drops) {

    static StreamDrops cut(List<LabelledImage> sorted, int drops) {
        List<LabelledImage> heldOut = new ArrayList<>();
        List<LabelledImage> rest = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            (i % 10 == 9 ? heldOut : rest).add(sorted.get(i));
        }
        List<List<LabelledImage>> out = new ArrayList<>();
        for (int k = 0; k < drops; k++) {
            List<LabelledImage> drop = new ArrayList<>();
            for (int i = k; i < rest.size(); i += drops) {
                drop.add(rest.get(i));
            }
            out.add(drop);
        }
        return new StreamDrops(heldOut, out);
    }
}
