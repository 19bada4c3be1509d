package dev.prequel.preprocess.drop;

import static dev.prequel.preprocess.TestDrops.TarItem.directory;
import static dev.prequel.preprocess.TestDrops.TarItem.file;
import static dev.prequel.preprocess.TestDrops.TarItem.hardlink;
import static dev.prequel.preprocess.TestDrops.TarItem.symlink;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.prequel.preprocess.TestDrops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveReadersTest {

    private static final DropLimits LIMITS = DropLimits.defaults();

    @TempDir
    Path work;

    private DropReader open(byte[] archive, String name, DropLimits limits) throws IOException {
        Path file = work.resolve("drop-" + System.nanoTime());
        Files.write(file, archive);
        return ArchiveReaders.open(file, ArchiveType.byName(name), work, limits);
    }

    private static Map<String, String> skippedReasons(DropReader reader) {
        Map<String, String> out = new LinkedHashMap<>();
        reader.skipped().forEach(s -> out.put(s.name(), s.reason()));
        return out;
    }

    @Test
    void theContainerIsToldByItsBytesNotItsName() {
        assertEquals(ArchiveType.ZIP, ArchiveType.sniff(TestDrops.zip(Map.of("a/b.png", new byte[] {1}))));
        assertEquals(ArchiveType.TAR, ArchiveType.sniff(TestDrops.tar(Map.of("a/b.png", new byte[] {1}))));
        assertEquals(ArchiveType.GZIP, ArchiveType.sniff(TestDrops.gzip(new byte[] {1, 2})));
        assertEquals(ArchiveType.NONE, ArchiveType.sniff("just text".getBytes()));
        assertEquals(ArchiveType.GZIP, ArchiveType.byName("cifar-10-binary.TAR.GZ"));
        assertEquals(ArchiveType.GZIP, ArchiveType.byName("x.tgz"));
        assertEquals(ArchiveType.NONE, ArchiveType.byName("x.png"));
    }

    @Test
    void aTarGzListsItsFilesAndReadsThemInAnyOrder() throws IOException {
        byte[] tgz = TestDrops.gzip(TestDrops.tar(List.of(directory("digits"), file("digits/1/a.png", new byte[] {1, 2}),
                file("digits/2/b.png", new byte[] {3}))));
        try (DropReader reader = open(tgz, "d.tar.gz", LIMITS)) {
            assertEquals(List.of("digits/1/a.png", "digits/2/b.png"), reader.files().stream().map(DropFile::path).toList());
            assertArrayEquals(new byte[] {3}, reader.readAll(reader.files().get(1)));
            assertArrayEquals(new byte[] {1, 2}, reader.readAll(reader.files().get(0)));
        }
    }

    @Test
    void linksAndEscapingPathsInATarAreSkippedWithTheirReason() throws IOException {
        byte[] tar = TestDrops.tar(List.of(file("1/ok.png", new byte[] {1}), symlink("1/link.png", "/etc/passwd"),
                hardlink("1/hard.png", "1/ok.png"), file("../up.png", new byte[] {2}), file("/abs.png", new byte[] {3}),
                file("1/../../up2.png", new byte[] {4})));
        try (DropReader reader = open(tar, "d.tar", LIMITS)) {
            assertEquals(List.of("1/ok.png"), reader.files().stream().map(DropFile::path).toList());
            assertEquals(Map.of("1/link.png", "link-entry", "1/hard.png", "link-entry", "../up.png", "unsafe-path",
                    "/abs.png", "unsafe-path", "1/../../up2.png", "unsafe-path"), skippedReasons(reader));
        }
    }

    @Test
    void escapingPathsInAZipAreSkipped() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("1/ok.png", new byte[] {1});
        entries.put("../up.png", new byte[] {2});
        entries.put("/abs.png", new byte[] {3});
        try (DropReader reader = open(TestDrops.zip(entries), "d.zip", LIMITS)) {
            assertEquals(List.of("1/ok.png"), reader.files().stream().map(DropFile::path).toList());
            assertEquals(Map.of("../up.png", "unsafe-path", "/abs.png", "unsafe-path"), skippedReasons(reader));
        }
    }

    @Test
    void tooManyEntriesAreRefusedBeforeAnythingIsRead() {
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            many.put("1/" + i + ".png", new byte[] {(byte) i});
        }
        DropLimits limits = new DropLimits(20, 1 << 20, 1 << 20, 100);
        assertEquals("too-many-entries", assertThrows(DropRejectedException.class,
                () -> open(TestDrops.zip(many), "d.zip", limits)).reason());
        assertEquals("too-many-entries", assertThrows(DropRejectedException.class,
                () -> open(TestDrops.tar(many), "d.tar", limits)).reason());
    }

    @Test
    void aZipEntryThatInflatesTooFarIsABomb() throws IOException {
        byte[] zip = TestDrops.zip(Map.of("1/zeros.png", new byte[4 * 1024 * 1024]));
        try (DropReader reader = open(zip, "d.zip", LIMITS)) {
            DropRejectedException e = assertThrows(DropRejectedException.class, () -> reader.readAll(reader.files().get(0)));
            assertEquals("archive-bomb", e.reason());
        }
    }

    @Test
    void aGzipThatInflatesTooFarIsABombBeforeItIsUnpacked() {
        byte[] tgz = TestDrops.gzip(TestDrops.tar(Map.of("1/zeros.png", new byte[4 * 1024 * 1024])));
        assertEquals("archive-bomb", assertThrows(DropRejectedException.class, () -> open(tgz, "d.tgz", LIMITS)).reason());
    }

    @Test
    void theTotalUnpackedSizeIsBounded() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            files.put("1/" + i + ".bin", TestDrops.cifarPixels(1, i));
        }
        DropLimits limits = new DropLimits(100, 10_000, 1 << 20, 100);
        try (DropReader reader = open(TestDrops.tar(files), "d.tar", limits)) {
            reader.readAll(reader.files().get(0));
            reader.readAll(reader.files().get(1));
            reader.readAll(reader.files().get(2));
            assertEquals("archive-bomb", assertThrows(DropRejectedException.class,
                    () -> reader.readAll(reader.files().get(3))).reason());
        }
        byte[] tgz = TestDrops.gzip(TestDrops.tar(files));
        assertEquals("archive-bomb", assertThrows(DropRejectedException.class, () -> open(tgz, "d.tgz", limits)).reason());
    }

    @Test
    void aFileAboveTheEntryLimitIsRejectedAloneAndTheRestStillReads() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("1/big.bin", new byte[5000]);
        files.put("1/small.bin", new byte[10]);
        DropLimits limits = new DropLimits(100, 1 << 20, 4096, 1000);
        try (DropReader reader = open(TestDrops.tar(files), "d.tar", limits)) {
            assertEquals("file-too-large", assertThrows(FileRejectedException.class,
                    () -> reader.readAll(reader.files().get(0))).reason());
            assertEquals(10, reader.readAll(reader.files().get(1)).length);
        }
    }

    @Test
    void garbageIsACorruptArchive() {
        assertEquals("corrupt-archive", assertThrows(DropRejectedException.class,
                () -> open("not an archive at all".getBytes(), "d.zip", LIMITS)).reason());
        assertEquals("corrupt-archive", assertThrows(DropRejectedException.class,
                () -> open(TestDrops.gzip("plain text".getBytes()), "d.tgz", LIMITS)).reason());
        byte[] truncated = java.util.Arrays.copyOf(TestDrops.gzip(TestDrops.tar(Map.of("1/a.png", new byte[5000]))), 40);
        assertEquals("corrupt-archive", assertThrows(DropRejectedException.class,
                () -> open(truncated, "d.tgz", LIMITS)).reason());
    }

    @Test
    void gzippedIdxFilesInflateWithinTheLimits() throws IOException {
        byte[] labels = TestDrops.idxLabels(new int[] {1, 2, 3});
        Map<String, byte[]> files = Map.of("train-labels-idx1-ubyte.gz", TestDrops.gzip(labels));
        try (DropReader reader = open(TestDrops.zip(files), "d.zip", LIMITS);
                var in = reader.openInflated(reader.files().get(0))) {
            assertArrayEquals(labels, in.readAllBytes());
        }
    }
}
