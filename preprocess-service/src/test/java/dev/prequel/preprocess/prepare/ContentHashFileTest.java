package dev.prequel.preprocess.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.prequel.events.Ids;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentHashFileTest {

    @Test
    void hashesSurviveTheRoundTrip() {
        List<ContentHash> hashes = List.of(ContentHash.of(Ids.sha256().digest(new byte[] {1})),
                ContentHash.of(Ids.sha256().digest(new byte[] {2})), new ContentHash(-1, Long.MIN_VALUE));
        byte[] file = ContentHashFile.write(hashes);
        assertEquals(12 + 3 * ContentHash.BYTES, file.length);
        assertEquals(new HashSet<>(hashes), new HashSet<>(ContentHashFile.read(file)));
        assertEquals(List.of(), ContentHashFile.read(ContentHashFile.write(List.of())));
    }

    @Test
    void damagedFilesAreRecognised() {
        byte[] file = ContentHashFile.write(List.of(new ContentHash(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> ContentHashFile.read(Arrays.copyOf(file, file.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> ContentHashFile.read("{\"json\":1}".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> ContentHashFile.read(new byte[3]));
    }
}
