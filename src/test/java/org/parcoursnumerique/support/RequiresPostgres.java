package org.parcoursnumerique.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class when PostgreSQL is not reachable on a developer's machine; with {@code CI=true}
 * the test runs anyway and fails, so CI never passes without the real database.
 */
public class RequiresPostgres implements ExecutionCondition {

    private static Boolean available;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (TestDatabases.ci()) {
            return ConditionEvaluationResult.enabled("CI=true: PostgreSQL is required");
        }
        if (available == null) {
            available = TestDatabases.available();
        }
        return available ? ConditionEvaluationResult.enabled("PostgreSQL reachable")
                : ConditionEvaluationResult.disabled("PostgreSQL not reachable at " + TestDatabases.url("postgres"));
    }
}
