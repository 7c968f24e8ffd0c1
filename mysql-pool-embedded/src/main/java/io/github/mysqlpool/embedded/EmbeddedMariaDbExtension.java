package io.github.mysqlpool.embedded;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that shares one {@link ReplicatedMariaDb} (a primary and two
 * replicas) among all tests of a test JVM, closed at the end of the run, and injects it
 * into test constructors, methods and {@code @BeforeAll} methods.
 * <p>
 * Tests that inject faults put the topology back after each test: <pre class="code">
 * &#064;ExtendWith(EmbeddedMariaDbExtension.class)
 * class MyTests {
 *
 *     &#064;AfterEach
 *     void heal(ReplicatedMariaDb db) {
 *         db.heal();
 *     }
 *
 * }
 * </pre>
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class EmbeddedMariaDbExtension implements BeforeAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(EmbeddedMariaDbExtension.class);

	private static @Nullable ReplicatedMariaDb shared;

	/**
	 * Return the topology shared by this JVM, starting it on first use. Without the
	 * extension it is closed by a JVM shutdown hook.
	 * @return the started topology
	 */
	public static synchronized ReplicatedMariaDb shared() {
		ReplicatedMariaDb db = shared;
		if (db == null || !db.isStarted()) {
			db = ReplicatedMariaDb.builder().build().start();
			shared = db;
		}
		return db;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		sharedFor(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == ReplicatedMariaDb.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return sharedFor(extensionContext);
	}

	/**
	 * Return the shared topology, registered in the root store so that JUnit closes it
	 * when the run ends.
	 */
	private static ReplicatedMariaDb sharedFor(ExtensionContext context) {
		ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
		ReplicatedMariaDb db = store.computeIfAbsent(ReplicatedMariaDb.class, (key) -> shared(),
				ReplicatedMariaDb.class);
		if (!db.isStarted()) {
			db = shared();
			store.put(ReplicatedMariaDb.class, db);
		}
		return db;
	}

}
