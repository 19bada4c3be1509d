package dev.prequel.trainer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prequel.events.EventJson;
import dev.prequel.model.train.TrainingOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The version id's training part: the new settings at their defaults leave today's ids as they are. */
class TrainingJobSignatureTest {

    private static TrainingJob job(String schedule, TrainingOptions options) {
        return new TrainingJob("m", null, null, "ds", "cnn", 10, 32, 0.001f, 42, "c", TrainingJob.PENDING, null, "j",
                List.of(), List.of(), "shift", schedule, options);
    }

    @Test
    void aJobAtTheDefaultsHashesAsBeforeTheSettingsExisted() {
        String before = "loop=2;arch=cnn;epochs=10;batch=32;lr=0.001;seed=42;aug=shift;lrs=cosine";
        assertEquals(before, job("cosine", null).configSignature());
        assertEquals(before, job("cosine", TrainingOptions.DEFAULTS).configSignature());
    }

    @Test
    void everyNewSettingChangesTheVersion() {
        String base = job("cosine", TrainingOptions.DEFAULTS).configSignature();
        List<TrainingOptions> changed = List.of(
                new TrainingOptions("adamw", 0.9f, false, 0f, 0f, 0.1f, false, 0),
                new TrainingOptions("sgd", 0.9f, false, 0f, 0f, 0.1f, false, 0),
                new TrainingOptions("sgd", 0.9f, true, 0f, 0f, 0.1f, false, 0),
                new TrainingOptions("adam", 0.9f, false, 1e-4f, 0f, 0.1f, false, 0),
                new TrainingOptions("adam", 0.9f, false, 0f, 0.1f, 0.1f, false, 0),
                new TrainingOptions("adam", 0.9f, false, 0f, 0f, 0.1f, true, 0),
                new TrainingOptions("adam", 0.9f, false, 0f, 0f, 0.1f, false, 3));
        for (TrainingOptions options : changed) {
            assertNotEquals(base, job("cosine", options).configSignature(), options.toString());
        }
        assertNotEquals(job("one-cycle", TrainingOptions.DEFAULTS).configSignature(),
                job("one-cycle", new TrainingOptions("adam", 0.9f, false, 0f, 0f, 0.3f, false, 0)).configSignature(),
                "the warm-up counts for a per-batch schedule");
    }

    @Test
    void aJobRecordedBeforeTheOptionsReadsWithTheDefaults() throws Exception {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) EventJson.mapper().readTree(
                EventJson.writeBytes(job("cosine", TrainingOptions.DEFAULTS)));
        tree.remove("options");
        String json = tree.toString();
        assertTrue(!json.contains("options"), json);
        TrainingJob read = EventJson.read(json.getBytes(StandardCharsets.UTF_8), TrainingJob.class);
        assertEquals(TrainingOptions.DEFAULTS, read.options());
        TrainingJob recipe = job("one-cycle", new TrainingOptions("sgd", 0.9f, true, 5e-4f, 0.1f, 0.25f, false, 0));
        assertEquals(recipe, EventJson.read(EventJson.writeBytes(recipe), TrainingJob.class));
    }
}
