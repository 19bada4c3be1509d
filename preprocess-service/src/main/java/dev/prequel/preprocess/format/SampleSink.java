package dev.prequel.preprocess.format;

/** Where a {@link DatasetFormat} sends what it reads: samples, and the files or records it could not use. */
public interface SampleSink {

    void accept(Sample sample);

    /** @param reason machine-readable code for {@code errors}, e.g. {@code corrupt-file} */
    void reject(String subject, String reason, String detail);
}
