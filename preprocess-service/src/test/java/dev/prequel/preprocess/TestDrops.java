package dev.prequel.preprocess;

import dev.prequel.model.image.ImageDecoder;
import dev.prequel.model.image.ImageShape;
import dev.prequel.model.image.PixelConverter;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds drops for tests byte by byte: archives (hostile ones too), IDX and CIFAR files, odd PNGs. */
public final class TestDrops {

    private TestDrops() {
    }

    /** One tar entry: a file, a symbolic or hard link, or a directory. */
    public record TarItem(String name, byte[] bytes, byte type, String linkTarget) {
        public static TarItem file(String name, byte[] bytes) {
            return new TarItem(name, bytes, TarConstants.LF_NORMAL, null);
        }

        public static TarItem symlink(String name, String target) {
            return new TarItem(name, new byte[0], TarConstants.LF_SYMLINK, target);
        }

        public static TarItem hardlink(String name, String target) {
            return new TarItem(name, new byte[0], TarConstants.LF_LINK, target);
        }

        public static TarItem directory(String name) {
            return new TarItem(name.endsWith("/") ? name : name + "/", new byte[0], TarConstants.LF_DIR, null);
        }
    }

    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] tar(Map<String, byte[]> files) {
        return tar(files.entrySet().stream().map(e -> TarItem.file(e.getKey(), e.getValue())).toList());
    }

    /** A tar written as hostile tools would: names kept exactly as given (absolute, with {@code ..}). */
    public static byte[] tar(List<TarItem> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (TarItem item : items) {
                TarArchiveEntry entry = new TarArchiveEntry(item.name(), item.type(), true);
                if (item.linkTarget() != null) {
                    entry.setLinkName(item.linkTarget());
                }
                entry.setSize(item.type() == TarConstants.LF_NORMAL ? item.bytes().length : 0);
                tar.putArchiveEntry(entry);
                if (item.type() == TarConstants.LF_NORMAL) {
                    tar.write(item.bytes());
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An IDX images file (magic 0x00000803) of same-sized grey images. */
    public static byte[] idxImages(List<byte[]> images, int rows, int columns) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x00000803);
            out.writeInt(images.size());
            out.writeInt(rows);
            out.writeInt(columns);
            for (byte[] image : images) {
                out.write(image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** An IDX labels file (magic 0x00000801). */
    public static byte[] idxLabels(int[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length).putInt(0x00000801).putInt(labels.length);
        for (int label : labels) {
            b.put((byte) label);
        }
        return b.array();
    }

    /** A CIFAR-10 batch: per record one label byte and 3072 bytes of R, G, B planes. */
    public static byte[] cifarBatch(int[] labels, List<byte[]> pixels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < labels.length; i++) {
            out.write(labels[i]);
            out.writeBytes(pixels.get(i));
        }
        return out.toByteArray();
    }

    public static final List<String> CIFAR_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    public static byte[] cifarMeta() {
        return (String.join("\n", CIFAR_CLASSES) + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Deterministic, distinct pseudo-random CIFAR pixels for record {@code i}. */
    public static byte[] cifarPixels(long seed, int i) {
        byte[] p = new byte[3072];
        new java.util.Random(seed * 100_003 + i).nextBytes(p);
        return p;
    }

    /** The 28x28 grey pixels of an MNIST PNG, exactly as preparation will see them. */
    public static byte[] greyPixels(byte[] png) {
        return PixelConverter.toPixels(ImageDecoder.decode(png), new ImageShape(1, 28, 28));
    }

    /** A tiny, valid-looking PNG whose header declares {@code width x height} pixels: a decompression bomb's face. */
    public static byte[] pngDeclaring(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
