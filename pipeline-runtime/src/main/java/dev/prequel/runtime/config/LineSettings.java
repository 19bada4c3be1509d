package dev.prequel.runtime.config;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A model line's settings: {@code prequel.lines.<model>.<key>} when set, else the service's default
 * {@code prequel.<service>.<key>} from its application.properties. Read at each use, so a line's override
 * applies to its next job.
 */
public final class LineSettings {

    private final String servicePrefix;
    private final Config config;

    /** @param servicePrefix e.g. {@code trainer} for defaults under {@code prequel.trainer.*} */
    public LineSettings(String servicePrefix) {
        this(servicePrefix, ConfigProvider.getConfig());
    }

    public LineSettings(String servicePrefix, Config config) {
        this.servicePrefix = servicePrefix;
        this.config = config;
    }

    public <T> T get(String model, String key, Class<T> type) {
        return config.getOptionalValue("prequel.lines." + model + "." + key, type)
                .orElseGet(() -> config.getValue("prequel." + servicePrefix + "." + key, type));
    }

    public int getInt(String model, String key) {
        return get(model, key, Integer.class);
    }

    public String getString(String model, String key) {
        return get(model, key, String.class);
    }
}
