package dev.prequel.preprocess.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps what a format hands over, for assertions. */
final class CollectingSink implements SampleSink {
    final List<Sample> samples = new ArrayList<>();
    final Map<String, String> rejected = new LinkedHashMap<>();

    @Override
    public void accept(Sample sample) {
        samples.add(sample);
    }

    @Override
    public void reject(String subject, String reason, String detail) {
        rejected.put(subject, reason);
    }
}
