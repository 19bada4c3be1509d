package dev.prequel.ingest.poll;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InProgressObjectsTest {

    @Test
    void s3ProxysTemporaryPutFilesAndMultipartPiecesAreInProgress() {
        assertTrue(InProgressObjects.isInProgress("train/mnist/d1/digits.zip-0f8fad5b-d9cb-469f-a165-70867728950e"));
        assertTrue(InProgressObjects.isInProgress("score/mnist/b1/one.png-7c9e6679-7425-40de-944b-e07fc1f90ae7"));
        assertTrue(InProgressObjects.isInProgress(".mpus-3f2c4a1e-1111-4a2b-9c3d-123456789abc-train/mnist/d1/big.tar-stub"));
        assertTrue(InProgressObjects.isInProgress(".mpus-3f2c4a1e-1111-4a2b-9c3d-123456789abc-train/mnist/d1/big.tar-2"));
    }

    @Test
    void landingObjectsAreNot() {
        assertFalse(InProgressObjects.isInProgress("train/mnist/d1/digits.zip"));
        assertFalse(InProgressObjects.isInProgress("train/mnist/d1/_SUCCESS"));
        assertFalse(InProgressObjects.isInProgress("train/mnist/d1/7/img-0f8fad5b.png"));
        // a folder named by a UUID, or a file without an extension named so, is a user's choice
        assertFalse(InProgressObjects.isInProgress("train/mnist/0f8fad5b-d9cb-469f-a165-70867728950e/_SUCCESS"));
        assertFalse(InProgressObjects.isInProgress("score/mnist/b1/shot-0f8fad5b-d9cb-469f-a165-70867728950e"));
    }
}
