package dev.prequel.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubectlTest {

    @Test
    void aMissingKubectlFailsInsteadOfSkipping(@TempDir Path emptyDir) {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> Kubectl.locate(Map.of("PATH", emptyDir.toString())));
        assertEquals(Kubectl.MISSING, failure.getMessage());
    }

    @Test
    void aKubectlVariableThatPointsNowhereFails(@TempDir Path emptyDir) {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> Kubectl.locate(Map.of("KUBECTL", emptyDir.resolve("kubectl").toString(), "PATH", "")));
        assertTrue(failure.getMessage().startsWith(Kubectl.MISSING), failure.getMessage());
    }

    @Test
    void thisMachineHasKubectl() {
        // Throws (and fails the build) where kubectl is missing: CI must install it.
        Kubectl.fromEnvironment();
    }

    @Test
    void aBrokenKustomizationFailsTheRender(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - missing.yaml\n");
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> Kubectl.fromEnvironment().kustomize(dir));
        assertTrue(failure.getMessage().contains("missing.yaml"), failure.getMessage());
    }
}
