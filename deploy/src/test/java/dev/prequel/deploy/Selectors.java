package dev.prequel.deploy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;

/** Kubernetes label-selector semantics (matchLabels and matchExpressions), for checks without a cluster. */
final class Selectors {
    private Selectors() {
    }

    /** A null selector selects nothing; an empty one selects everything, as in NetworkPolicy. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> required = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        for (Map.Entry<String, String> entry : required.entrySet()) {
            if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
        for (LabelSelectorRequirement requirement : expressions) {
            if (!matches(requirement, labels)) {
                return false;
            }
        }
        return true;
    }

    /** A Service's selector: plain labels, every one required; an empty one selects nothing. */
    static boolean matchesServiceSelector(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static boolean isEmpty(LabelSelector selector) {
        return selector != null
                && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new AssertionError("unknown selector operator " + requirement.getOperator());
        };
    }
}
