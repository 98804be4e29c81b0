package com.restoration.partnerapi.keycloak.admin;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.ClientPermissionEvaluator;

/**
 * An operator's permissions for provisioning a partner through Keycloak's {@code ClientsResource}: exactly the
 * caller's, except that the realm-wide "may manage clients" check, which that resource makes before creating a
 * client, passes. Every other check (a client's roles, users, the realm) still answers as for the caller.
 */
final class OperatorPermissions {

    private OperatorPermissions() {
    }

    static AdminPermissionEvaluator mayCreateClients(AdminPermissionEvaluator caller) {
        ClientPermissionEvaluator clients = proxy(ClientPermissionEvaluator.class, caller.clients(), (target, method, args) -> {
            boolean noArguments = args == null || args.length == 0;
            if (noArguments && method.getName().equals("requireManage")) {
                return null;
            }
            if (noArguments && method.getName().equals("canManage")) {
                return true;
            }
            return invoke(target, method, args);
        });
        return proxy(AdminPermissionEvaluator.class, caller, (target, method, args) ->
                method.getName().equals("clients") && (args == null || args.length == 0) ? clients : invoke(target, method, args));
    }

    private interface Handler<T> {
        Object handle(T target, Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Handler<T> handler) {
        InvocationHandler invocation = (proxy, method, args) -> handler.handle(target, method, args);
        return type.cast(Proxy.newProxyInstance(OperatorPermissions.class.getClassLoader(), new Class<?>[]{type}, invocation));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
