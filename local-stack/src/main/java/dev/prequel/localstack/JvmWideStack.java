package dev.prequel.localstack;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * One {@link LocalStack} per JVM, even across class loaders. Quarkus loads test resources (and, in recent
 * versions, test classes) in class loaders of its own that it closes when an application stops; a static
 * field there would start one stack per application, and the broker's classes would die with the loader.
 * So the stack is owned by the copy of this class in the system class loader whenever that loader can see
 * local-stack (it can under Surefire and IDEs). Callers get a {@link ConfiguredLocalStack} view whose close()
 * does nothing: the stack stops at the end of the test run or of the JVM.
 */
final class JvmWideStack {
    private static LocalStack owned;

    private JvmWideStack() {
    }

    static LocalStack get() {
        Class<?> root = rootCopy();
        if (root != JvmWideStack.class) {
            @SuppressWarnings("unchecked")
            Map<String, String> config = (Map<String, String>) call(root, "sharedConfig");
            return new ConfiguredLocalStack(config);
        }
        return new ConfiguredLocalStack(ownedStack().serviceConfig()); // a view: closing it stops nothing
    }

    /** Stops the shared stack if one runs; a later {@link #get()} starts a new one. */
    static void stop() {
        Class<?> root = rootCopy();
        if (root != JvmWideStack.class) {
            call(root, "stopOwned");
        } else {
            stopOwned();
        }
    }

    private static synchronized LocalStack ownedStack() {
        if (owned == null) {
            ClassLoader caller = Thread.currentThread().getContextClassLoader();
            // jclouds and Guice look up providers through the context loader: it must be the one owning them.
            Thread.currentThread().setContextClassLoader(JvmWideStack.class.getClassLoader());
            try {
                owned = LocalStacks.start();
            } finally {
                Thread.currentThread().setContextClassLoader(caller);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(JvmWideStack::stopOwned, "prequel-local-stack-stop"));
        }
        return owned;
    }

    /** Called reflectively from other class loaders' copies: JDK types only cross the boundary. */
    private static Map<String, String> sharedConfig() {
        return ownedStack().serviceConfig();
    }

    private static synchronized void stopOwned() {
        if (owned != null) {
            LocalStack stack = owned;
            owned = null;
            stack.close();
        }
    }

    /** This class as the system class loader defines it, or this copy when that loader cannot see local-stack. */
    private static Class<?> rootCopy() {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (JvmWideStack.class.getClassLoader() == system) {
            return JvmWideStack.class;
        }
        try {
            return Class.forName(JvmWideStack.class.getName(), true, system);
        } catch (ClassNotFoundException | LinkageError e) {
            return JvmWideStack.class;
        }
    }

    private static Object call(Class<?> root, String method) {
        try {
            Method target = root.getDeclaredMethod(method);
            target.setAccessible(true);
            return target.invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the shared local stack in the system class loader", e);
        }
    }
}
