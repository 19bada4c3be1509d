package dev.prequel.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipFile;

/** The image entries of a zip, read into memory once for the bare decode loop. */
final class ZipImages {
    private ZipImages() {
    }

    static List<byte[]> read(Path zip) {
        List<byte[]> out = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            var entries = file.entries();
            while (entries.hasMoreElements()) {
                var e = entries.nextElement();
                String name = e.getName().toLowerCase(Locale.ROOT);
                if (!e.isDirectory() && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"))) {
                    try (var in = file.getInputStream(e)) {
                        out.add(in.readAllBytes());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + zip, e);
        }
        return out;
    }
}
