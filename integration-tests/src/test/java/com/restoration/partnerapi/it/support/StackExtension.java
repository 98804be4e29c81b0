package com.restoration.partnerapi.it.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes the run's {@link TestStack} or {@link ClusterStack}. Each lives in the root context's
 * store, so it is started once per run (on first use) and closed (AutoCloseable) when the run ends.
 */
public final class StackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestStack.class || type == ClusterStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        if (parameter.getParameter().getType() == ClusterStack.class) {
            return store.computeIfAbsent(ClusterStack.class, key -> new ClusterStack(), ClusterStack.class);
        }
        return store.computeIfAbsent(TestStack.class, key -> new TestStack(), TestStack.class);
    }
}
