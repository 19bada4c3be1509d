package dev.prequel.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A container's environment as Kubernetes assembles it: envFrom sources in order, then env entries,
 * later ones winning. Each variable remembers where it came from, so a check can tell a secret from a
 * literal.
 */
final class ContainerEnvironment {
    enum Origin { LITERAL, CONFIG_MAP, SECRET, OTHER }

    record Variable(String name, Origin origin, String source, String value) {
    }

    private ContainerEnvironment() {
    }

    static Map<String, Variable> of(Container container, RenderedOverlay overlay) {
        Map<String, Variable> variables = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                overlay.configMapData(name).forEach((key, value) ->
                        variables.put(prefix + key, new Variable(prefix + key, Origin.CONFIG_MAP, name, value)));
            } else if (from.getSecretRef() != null) {
                String name = from.getSecretRef().getName();
                Secret secret = overlay.secret(name);
                Set<String> keys = new TreeSet<>();
                if (secret.getData() != null) {
                    keys.addAll(secret.getData().keySet());
                }
                if (secret.getStringData() != null) {
                    keys.addAll(secret.getStringData().keySet());
                }
                keys.forEach(key -> variables.put(prefix + key, new Variable(prefix + key, Origin.SECRET, name, null)));
            }
        }
        for (EnvVar env : container.getEnv()) {
            variables.put(env.getName(), variable(env, overlay));
        }
        return variables;
    }

    /** Variable name to value for the ones with a value the manifests show (literals and ConfigMap entries). */
    static Map<String, String> values(Map<String, Variable> variables) {
        Map<String, String> values = new LinkedHashMap<>();
        variables.forEach((name, variable) -> {
            if (variable.value() != null) {
                values.put(name, variable.value());
            }
        });
        return values;
    }

    private static Variable variable(EnvVar env, RenderedOverlay overlay) {
        if (env.getValueFrom() == null) {
            return new Variable(env.getName(), Origin.LITERAL, null, env.getValue() == null ? "" : env.getValue());
        }
        if (env.getValueFrom().getConfigMapKeyRef() != null) {
            var ref = env.getValueFrom().getConfigMapKeyRef();
            return new Variable(env.getName(), Origin.CONFIG_MAP, ref.getName(),
                    overlay.configMapData(ref.getName()).get(ref.getKey()));
        }
        if (env.getValueFrom().getSecretKeyRef() != null) {
            var ref = env.getValueFrom().getSecretKeyRef();
            overlay.secret(ref.getName());
            return new Variable(env.getName(), Origin.SECRET, ref.getName(), null);
        }
        return new Variable(env.getName(), Origin.OTHER, null, null);
    }
}
