package dev.prequel.preprocess.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LabelOfTest {

    @Test
    void theLabelIsTheFolderHoldingTheFile() {
        assertEquals("7", DatasetPreparer.labelOf("7/a.png"));
        assertEquals("cat", DatasetPreparer.labelOf("pets/cat/a.png"));
        assertNull(DatasetPreparer.labelOf("a.png"));
        assertNull(DatasetPreparer.labelOf("$(rm -rf)/a.png"));
    }
}
