package com.restoration.partnerapi.it.support;

import java.util.Arrays;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes the run's {@link TestStack} or {@link ClusterStack}. Each lives in the root context's
 * store, so it is started once per run (on first use) and closed (AutoCloseable) when the run ends. After a
 * test that used the cluster, whatever it broke and did not mend (it failed halfway, say) is mended, so the
 * next test finds the whole cluster running and no load left over.
 */
public final class StackExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestStack.class || type == ClusterStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        Class<?> type = parameter.getParameter().getType();
        // A stack that failed to start is remembered as such: the next test class fails at once instead of
        // spending minutes starting it again.
        Object stack = store.computeIfAbsent(type, key -> {
            try {
                return type == ClusterStack.class ? new ClusterStack() : new TestStack();
            } catch (RuntimeException e) {
                return e;
            }
        });
        if (stack instanceof RuntimeException failed) {
            throw new IllegalStateException(type.getSimpleName() + " did not start (see the first test that needed it)", failed);
        }
        return stack;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        boolean usedTheCluster = Arrays.asList(context.getRequiredTestMethod().getParameterTypes()).contains(ClusterStack.class);
        Object cluster = context.getRoot().getStore(NAMESPACE).get(ClusterStack.class);
        if (usedTheCluster && cluster instanceof ClusterStack stack) {
            Load.stopAll();
            stack.heal();
        }
    }
}
