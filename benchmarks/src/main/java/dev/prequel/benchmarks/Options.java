package dev.prequel.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/** Command-line options of {@link PreprocessThroughput}; the zip defaults to the repository's MNIST sample. */
record Options(Path zip, int rounds, int warmup, Path out) {

    static Options parse(String[] args) {
        Path zip = null;
        int rounds = 10;
        int warmup = 3;
        Path out = Path.of("target");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> zip = Path.of(args[i]);
            }
        }
        if (rounds < 1 || warmup < 0) {
            throw new IllegalArgumentException("--rounds must be >= 1 and --warmup >= 0");
        }
        return new Options(zip == null ? locateSample() : zip, rounds, warmup, out);
    }

    /** {@code samples/mnist-2000.zip} from the working directory or one of its parents. */
    static Path locateSample() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("samples").resolve("mnist-2000.zip");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("samples/mnist-2000.zip not found; pass a zip path");
    }
}
