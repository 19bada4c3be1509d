package dev.prequel.preprocess.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void theLabelIsTheFolderHoldingTheFile() {
        assertEquals("7", Labels.labelOf("7/a.png"));
        assertEquals("cat", Labels.labelOf("pets/cat/a.png"));
        assertNull(Labels.labelOf("a.png"));
        assertNull(Labels.folderOf("a.png"));
    }

    @Test
    void unsafeFolderNamesAreNoLabels() {
        assertEquals("$(rm -rf)", Labels.folderOf("$(rm -rf)/a.png"));
        assertNull(Labels.labelOf("$(rm -rf)/a.png"));
        assertFalse(Labels.isSafe(".hidden"));
        assertFalse(Labels.isSafe("x".repeat(65)));
        assertFalse(Labels.isSafe("a\nb"));
        assertTrue(Labels.isSafe("sea lion_2.v1-b"));
        assertTrue(Labels.isSafe("Ünïcode"));
    }

    @Test
    void systemFilesAreRecognised() {
        assertTrue(SystemFiles.isSystemFile("__MACOSX/7/._a.png"));
        assertTrue(SystemFiles.isSystemFile("digits/7/._a.png"));
        assertTrue(SystemFiles.isSystemFile("digits/.DS_Store"));
        assertTrue(SystemFiles.isSystemFile("Thumbs.db"));
        assertFalse(SystemFiles.isSystemFile("7/a.png"));
    }
}
