package io.gossamer.quarkus.deployment;

import io.gossamer.cdi.GossamerNode;
import io.gossamer.swim.SwimNode;

import io.vertx.core.Vertx;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine and the CDI layer are compiled against Vert.x 5 and run in Quarkus on its Vert.x
 * 4.5: every Vert.x class, method and field their bytecode names must exist in the Vert.x on this
 * class path, Quarkus's. Only the paths the other tests take would find a miss at run time; this
 * finds it in any path.
 */
class VertxLinkageTest {

    private static final String VERTX = "io/vertx/";

    @Test
    void theClassPathHasQuarkusVertxNotVertx5() {
        assertThat(Vertx.class).isNotNull();
        assertThatThrownBy(() -> Class.forName("io.vertx.core.VerticleBase"))
                .as("Vert.x 5's VerticleBase").isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void everyVertxReferenceOfTheEngineAndTheCdiLayerResolvesOnQuarkusVertx() throws Exception {
        Set<String> references = new TreeSet<>();
        for (Class<?> inJar : new Class<?>[] {SwimNode.class, GossamerNode.class}) {
            forEachClass(location(inJar), bytes -> new ClassReader(bytes).accept(new References(references), 0));
        }
        assertThat(references).as("Vert.x references found").hasSizeGreaterThan(50);
        Set<String> missing = new TreeSet<>();
        for (String reference : references) {
            if (!resolves(reference)) {
                missing.add(reference);
            }
        }
        assertThat(missing).as("Vert.x references that Quarkus's Vert.x lacks").isEmpty();
    }

    /** {@code owner} alone for a class, {@code owner.name:descriptor} for a member. */
    private static boolean resolves(String reference) {
        int dot = reference.indexOf('.');
        String owner = dot < 0 ? reference : reference.substring(0, dot);
        Class<?> type;
        try {
            type = Class.forName(owner.replace('/', '.'), false, VertxLinkageTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        if (dot < 0) {
            return true;
        }
        String name = reference.substring(dot + 1, reference.indexOf(':'));
        String descriptor = reference.substring(reference.indexOf(':') + 1);
        return hasMember(type, name, descriptor, new HashSet<>());
    }

    private static boolean hasMember(Class<?> type, String name, String descriptor, Set<Class<?>> seen) {
        if (type == null || !seen.add(type)) {
            return false;
        }
        if (descriptor.startsWith("(")) {
            Executable[] candidates = name.equals("<init>") ? type.getDeclaredConstructors() : type.getDeclaredMethods();
            for (Executable e : candidates) {
                String d = e instanceof Method m ? Type.getMethodDescriptor(m) : Type.getConstructorDescriptor((Constructor<?>) e);
                if ((name.equals("<init>") || e.getName().equals(name)) && d.equals(descriptor)) {
                    return true;
                }
            }
        } else {
            for (Field f : type.getDeclaredFields()) {
                if (f.getName().equals(name) && Type.getDescriptor(f.getType()).equals(descriptor)) {
                    return true;
                }
            }
        }
        if (name.equals("<init>")) {
            return false;
        }
        if (hasMember(type.getSuperclass(), name, descriptor, seen)) {
            return true;
        }
        for (Class<?> i : type.getInterfaces()) {
            if (hasMember(i, name, descriptor, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Collects the Vert.x classes and members a class file names. */
    private static final class References extends ClassVisitor {

        private final Set<String> found;

        References(Set<String> found) {
            super(Opcodes.ASM9);
            this.found = found;
        }

        private void type(Type t) {
            switch (t.getSort()) {
                case Type.OBJECT -> {
                    if (t.getInternalName().startsWith(VERTX)) {
                        found.add(t.getInternalName());
                    }
                }
                case Type.ARRAY -> type(t.getElementType());
                case Type.METHOD -> {
                    type(t.getReturnType());
                    for (Type a : t.getArgumentTypes()) {
                        type(a);
                    }
                }
                default -> { }
            }
        }

        private void member(String owner, String name, String descriptor) {
            if (owner.startsWith(VERTX)) {
                found.add(owner + "." + name + ":" + descriptor);
            }
            type(Type.getObjectType(owner));
            type(descriptor.startsWith("(") ? Type.getMethodType(descriptor) : Type.getType(descriptor));
        }

        private void constant(Object value) {
            if (value instanceof Type t) {
                type(t);
            } else if (value instanceof Handle h) {
                member(h.getOwner(), h.getName(), h.getDesc());
            }
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            if (superName != null) {
                type(Type.getObjectType(superName));
            }
            for (String i : interfaces) {
                type(Type.getObjectType(i));
            }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            type(Type.getType(descriptor));
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            type(Type.getMethodType(descriptor));
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String n, String d, boolean isInterface) {
                    member(owner, n, d);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String n, String d) {
                    member(owner, n, d);
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    type(Type.getObjectType(type));
                }

                @Override
                public void visitLdcInsn(Object value) {
                    constant(value);
                }

                @Override
                public void visitInvokeDynamicInsn(String n, String d, Handle bootstrap, Object... arguments) {
                    type(Type.getMethodType(d));
                    for (Object a : arguments) {
                        constant(a);
                    }
                }
            };
        }
    }

    private interface ClassBytes {
        void accept(byte[] bytes) throws IOException;
    }

    private static Path location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Each class file of a jar or a classes directory (the reactor's, when the build runs from the root). */
    private static void forEachClass(Path where, ClassBytes action) throws IOException {
        if (Files.isDirectory(where)) {
            visit(where, action);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(where)) {
                visit(jar.getPath("/"), action);
            }
        }
    }

    private static void visit(Path root, ClassBytes action) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                try (InputStream in = Files.newInputStream(file)) {
                    action.accept(in.readAllBytes());
                }
            }
        }
    }
}
