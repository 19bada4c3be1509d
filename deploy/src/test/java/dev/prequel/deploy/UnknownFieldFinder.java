package dev.prequel.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/**
 * Walks a typed Kubernetes or Strimzi object through its Jackson properties. Both models keep a field
 * they do not know in {@code additionalProperties} instead of failing, so a misspelt
 * {@code readinesProbe} would bind silently; this walk reports every such field, and every set
 * Strimzi property marked deprecated (those of v1beta2 that kafka.strimzi.io/v1 removed).
 */
final class UnknownFieldFinder {
    private static final List<String> MODEL_PACKAGES = List.of("io.fabric8.kubernetes.api.model", "io.strimzi.api");

    private final ObjectMapper mapper;

    UnknownFieldFinder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    List<String> find(Object root) {
        List<String> problems = new ArrayList<>();
        walk(root, "", problems, Collections.newSetFromMap(new IdentityHashMap<>()));
        return problems;
    }

    private void walk(Object value, String path, List<String> problems, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key, problems, seen));
            return;
        }
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                walk(item, path + "[" + index++ + "]", problems, seen);
            }
            return;
        }
        if (!isModelClass(value.getClass())) {
            return;
        }
        BeanDescription bean = mapper.getSerializationConfig().introspect(mapper.constructType(value.getClass()));
        for (BeanPropertyDefinition property : bean.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor == null) {
                continue;
            }
            Object propertyValue;
            try {
                propertyValue = accessor.getValue(value);
            } catch (RuntimeException e) {
                continue;
            }
            String propertyPath = path.isEmpty() ? property.getName() : path + "." + property.getName();
            if (isSet(propertyValue) && accessor.hasAnnotation(Deprecated.class)
                    && value.getClass().getName().startsWith("io.strimzi.api")) {
                problems.add(propertyPath + " is deprecated in Strimzi and not part of " + StrictManifestParser.STRIMZI_API_VERSION);
            }
            walk(propertyValue, propertyPath, problems, seen);
        }
        Map<String, Object> unknown = additionalProperties(value);
        unknown.keySet().forEach(key -> problems.add(
                (path.isEmpty() ? key : path + "." + key) + " is not a field of " + value.getClass().getSimpleName()));
    }

    private static boolean isModelClass(Class<?> type) {
        String name = type.getName();
        return MODEL_PACKAGES.stream().anyMatch(name::startsWith) && !type.isEnum();
    }

    private static boolean isSet(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Collection<?> items) {
            return !items.isEmpty();
        }
        if (value instanceof Map<?, ?> map) {
            return !map.isEmpty();
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> additionalProperties(Object value) {
        try {
            Object properties = value.getClass().getMethod("getAdditionalProperties").invoke(value);
            return properties instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (ReflectiveOperationException e) {
            return Map.of();
        }
    }
}
