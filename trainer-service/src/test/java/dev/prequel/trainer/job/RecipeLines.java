package dev.prequel.trainer.job;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Configures the {@code cifar10} line from the repository's recipe ({@code recipes/cifar10-resnet18.properties}), as
 * an operator would, with changes that fit CI (two cores, no GPU): 3 epochs instead of 10, batches of 32 instead of
 * 128 (a few hundred images would otherwise make a handful of updates) and so a peak learning rate of 0.05 instead of
 * 0.1 (the square-root rule: 0.1 x sqrt(32 / 128)). Every test class of this module declares the same resources, so
 * the application starts once.
 */
public class RecipeLines implements QuarkusTestResourceLifecycleManager {

    static final String RECIPE = "cifar10-resnet18.properties";
    static final String LINE = "cifar10";
    static final int EPOCHS = 3;
    static final int BATCH = 32;
    static final String LEARNING_RATE = "0.05";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        Properties recipe = load();
        recipe.stringPropertyNames().forEach(k -> config.put(k, recipe.getProperty(k)));
        config.put("prequel.lines." + LINE + ".epochs", Integer.toString(EPOCHS));
        config.put("prequel.lines." + LINE + ".batch-size", Integer.toString(BATCH));
        config.put("prequel.lines." + LINE + ".learning-rate", LEARNING_RATE);
        return config;
    }

    /** The recipe as the repository ships it. */
    static Properties load() {
        Path path = Path.of("..", "recipes", RECIPE);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the recipe " + path.toAbsolutePath() + " cannot be read", e);
        }
        return properties;
    }

    @Override
    public void stop() {
    }
}
