package io.kanban.core.testing;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link OnEachBackend}: one run of the class per backend, one scratch board per test (and its
 * {@link ScratchDispatch}, for a test that asks for one).
 */
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
            Class<?> type = parameter.getParameter().getType();
            return type == ScratchBoard.class || type == ScratchDispatch.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            if (parameter.getParameter().getType() == ScratchDispatch.class) {
                return context.getStore(NAMESPACE).computeIfAbsent(ScratchDispatch.class,
                        k -> new ScratchDispatch(scratch(context)), ScratchDispatch.class);
            }
            return scratch(context);
        }

        /** The test's one scratch board, whichever parameter asks for it first. */
        private ScratchBoard scratch(ExtensionContext context) {
            return context.getStore(NAMESPACE).computeIfAbsent(ScratchBoard.class, k -> new ScratchBoard(backend),
                    ScratchBoard.class);
        }
    }
}
