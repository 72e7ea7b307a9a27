package io.kanban.core.testing;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** The extension behind {@link OnEachBackend}: one run of the class per backend, one scratch board per test. */
public final class ScratchBoards implements ClassTemplateInvocationContextProvider {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ScratchBoards.class);

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
        return Stream.of(new OnBackend(Backend.sqlite()), new OnBackend(Backend.postgresql()));
    }

    /** One run of the class: its backend, closed (schemas dropped) when the run ends. */
    private record OnBackend(Backend backend) implements ClassTemplateInvocationContext, ParameterResolver {
        @Override
        public String getDisplayName(int invocationIndex) {
            return backend.toString();
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(this);
        }

        @Override
        public void prepareInvocation(ExtensionContext context) {
            context.getStore(NAMESPACE).put(Backend.class, backend);
        }

        @Override
        public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
            return ExtensionContextScope.TEST_METHOD; // a scratch board per test, also when the constructor takes it
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == ScratchBoard.class;
        }

        @Override
        public ScratchBoard resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getStore(NAMESPACE).computeIfAbsent(ScratchBoard.class, k -> new ScratchBoard(backend),
                    ScratchBoard.class);
        }
    }
}
