package dev.batchtracker.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the build put in {@code target/classes}: the application's classes (loaded, never initialised), the methods
 * each one calls, its resources and its configuration, for the guards a native image needs because no native
 * build runs on these machines.
 */
final class CompiledApplication {

    static final Path CLASSES = Path.of("target", "classes");
    static final Path PROPERTIES = CLASSES.resolve("application.properties");

    /** A method one class calls: owner in internal form ({@code java/lang/Class}), and name. */
    record Call(String caller, String owner, String name) {
    }

    private CompiledApplication() {
    }

    /** Every class of the application, loaded without running a static initialiser. */
    static List<Class<?>> classes() {
        List<Class<?>> classes = new ArrayList<>();
        for (Path file : classFiles()) {
            String relative = CLASSES.relativize(file).toString();
            String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
            try {
                classes.add(Class.forName(name, false, CompiledApplication.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new AssertionError("compiled but not loadable: " + name, e);
            }
        }
        return classes;
    }

    /** Every method call in the application's bytecode, method references and lambdas included. */
    static List<Call> calls() {
        List<Call> calls = new ArrayList<>();
        for (Path file : classFiles()) {
            try (InputStream in = Files.newInputStream(file)) {
                ClassReader reader = new ClassReader(in);
                String caller = reader.getClassName().replace('/', '.');
                reader.accept(new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                            String[] exceptions) {
                        return new MethodVisitor(Opcodes.ASM9) {
                            @Override
                            public void visitMethodInsn(int opcode, String owner, String method, String desc,
                                    boolean isInterface) {
                                calls.add(new Call(caller, owner, method));
                            }

                            @Override
                            public void visitInvokeDynamicInsn(String method, String desc, Handle bootstrap,
                                    Object... arguments) {
                                for (Object argument : arguments) {
                                    if (argument instanceof Handle handle) {
                                        calls.add(new Call(caller, handle.getOwner(), handle.getName()));
                                    }
                                }
                            }
                        };
                    }
                }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return calls;
    }

    /**
     * The string constants of one class as its bytecode holds them: the literals its methods load (constants of other
     * classes included, as the compiler copies those in) and the values of its constant fields.
     */
    static Set<String> stringConstants(String className) {
        Path file = CLASSES.resolve(className.replace('.', '/') + ".class");
        Set<String> constants = new TreeSet<>();
        try (InputStream in = Files.newInputStream(file)) {
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                        Object value) {
                    if (value instanceof String text) {
                        constants.add(text);
                    }
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitLdcInsn(Object value) {
                            if (value instanceof String text) {
                                constants.add(text);
                            }
                        }
                    };
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        } catch (IOException e) {
            throw new UncheckedIOException("no compiled class " + className + " at " + file, e);
        }
        return constants;
    }

    /** The classes that call any of these methods ({@code owner} in internal form, {@code name}). */
    static Set<String> callersOf(Set<String> ownerDotName) {
        Set<String> callers = new TreeSet<>();
        for (Call call : calls()) {
            if (ownerDotName.contains(call.owner() + "." + call.name())) {
                callers.add(call.caller());
            }
        }
        return callers;
    }

    /**
     * Every class the application registers for reflection with {@link RegisterForReflection}: the annotated class
     * itself, or its {@code targets} and {@code classNames} when it names any.
     */
    static Set<String> registeredForReflection() {
        Set<String> registered = new TreeSet<>();
        for (Class<?> type : classes()) {
            RegisterForReflection registration = type.getAnnotation(RegisterForReflection.class);
            if (registration == null) {
                continue;
            }
            if (registration.targets().length == 0 && registration.classNames().length == 0) {
                registered.add(type.getName());
            }
            Arrays.stream(registration.targets()).map(Class::getName).forEach(registered::add);
            registered.addAll(Arrays.asList(registration.classNames()));
        }
        return registered;
    }

    /**
     * application.properties as lines of {@code key → values}, in order: a key written twice keeps both, where
     * {@link Properties} (and Quarkus) would silently keep the last.
     */
    static Map<String, List<String>> propertyLines() {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        String text;
        try {
            text = Files.readString(PROPERTIES);
        } catch (IOException e) {
            throw new UncheckedIOException("run after process-resources", e);
        }
        // Joined continuation lines, then each entry parsed by Properties itself (escapes, separators).
        for (String entry : text.replaceAll("\\\\\\R\\s*", "").split("\\R")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                continue;
            }
            Properties one = new Properties();
            try {
                one.load(new java.io.StringReader(entry));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            one.forEach((key, value) ->
                    lines.computeIfAbsent((String) key, k -> new ArrayList<>()).add((String) value));
        }
        return lines;
    }

    /**
     * The value a native build sees for a key (the {@code prod} profile's, else the plain one), as Quarkus splits a
     * list: at commas not escaped with a backslash. Empty when unset.
     */
    static List<String> nativeBuildList(String key) {
        Map<String, List<String>> lines = propertyLines();
        List<String> values = lines.getOrDefault("%prod." + key, lines.get(key));
        if (values == null) {
            return List.of();
        }
        String value = values.get(values.size() - 1);
        List<String> items = new ArrayList<>();
        for (String item : value.split("(?<!\\\\),")) {
            if (!item.isBlank()) {
                items.add(item.strip().replace("\\,", ","));
            }
        }
        return items;
    }

    /** The service files under META-INF/services: service type → provider class names. */
    static Map<String, Set<String>> serviceFiles() {
        Path folder = CLASSES.resolve("META-INF/services");
        Map<String, Set<String>> services = new LinkedHashMap<>();
        if (!Files.isDirectory(folder)) {
            return services;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                Set<String> providers = new LinkedHashSet<>();
                for (String line : Files.readAllLines(file)) {
                    String provider = line.replaceAll("#.*", "").strip();
                    if (!provider.isEmpty()) {
                        providers.add(provider);
                    }
                }
                services.put(file.getFileName().toString(), providers);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return services;
    }

    private static List<Path> classFiles() {
        if (!Files.isDirectory(CLASSES)) {
            throw new AssertionError(CLASSES + " is missing: these guards run after compile");
        }
        try (Stream<Path> files = Files.walk(CLASSES)) {
            List<Path> classFiles = files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
            if (classFiles.isEmpty()) {
                throw new AssertionError("no classes under " + CLASSES);
            }
            return classFiles;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
