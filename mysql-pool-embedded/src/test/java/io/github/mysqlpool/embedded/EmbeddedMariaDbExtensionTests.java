package io.github.mysqlpool.embedded;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EmbeddedMariaDbExtension}.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class EmbeddedMariaDbExtensionTests {

	private static ReplicatedMariaDb fromBeforeAll;

	private final ReplicatedMariaDb fromConstructor;

	EmbeddedMariaDbExtensionTests(ReplicatedMariaDb db) {
		this.fromConstructor = db;
	}

	@BeforeAll
	static void captureTopology(ReplicatedMariaDb db) {
		fromBeforeAll = db;
	}

	@Test
	void injectsOneSharedStartedTopologyEverywhere(ReplicatedMariaDb fromMethod) {
		assertThat(fromMethod).isSameAs(this.fromConstructor)
			.isSameAs(fromBeforeAll)
			.isSameAs(EmbeddedMariaDbExtension.shared());
		assertThat(fromMethod.isStarted()).isTrue();
		assertThat(fromMethod.replicas()).hasSize(2);
		assertThat(fromMethod.primary().queryForLong("SELECT 1")).isEqualTo(1);
	}

}
