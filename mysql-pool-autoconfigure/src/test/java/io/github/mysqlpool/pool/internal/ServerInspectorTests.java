package io.github.mysqlpool.pool.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServerInspector#cappedLifetime(long, long)} and {@link ServerFlavor}.
 *
 * @author mysql-pool team
 */
class ServerInspectorTests {

	@Test
	void versionOfMariaDbAndMySqlIsParsed() {
		assertThat(ServerFlavor.parse("11.4.5-MariaDB-log"))
			.isEqualTo(new ServerFlavor(true, 11, 4, 5, "11.4.5-MariaDB-log"));
		assertThat(ServerFlavor.parse("5.5.5-10.11.19-MariaDB-0+deb12u1").major()).isEqualTo(10);
		assertThat(ServerFlavor.parse("8.4.3")).isEqualTo(new ServerFlavor(false, 8, 4, 3, "8.4.3"));
		assertThat(ServerFlavor.parse("8.0.36-commercial").productName()).isEqualTo("MySQL");
	}

	@Test
	void lifetimeBelowWaitTimeoutIsKept() {
		assertThat(ServerInspector.cappedLifetime(600_000, 28_800_000)).isEqualTo(600_000);
	}

	@Test
	void lifetimeAtOrAboveWaitTimeoutIsLoweredByTenPercent() {
		assertThat(ServerInspector.cappedLifetime(1_800_000, 600_000)).isEqualTo(540_000);
		assertThat(ServerInspector.cappedLifetime(600_000, 600_000)).isEqualTo(540_000);
	}

	@Test
	void infiniteLifetimeIsLowered() {
		assertThat(ServerInspector.cappedLifetime(0, 600_000)).isEqualTo(540_000);
	}

	@Test
	void marginIsAtLeastFiveSecondsAndNeverBelowHikariMinimum() {
		assertThat(ServerInspector.cappedLifetime(1_800_000, 40_000)).isEqualTo(35_000);
		assertThat(ServerInspector.cappedLifetime(1_800_000, 20_000)).isEqualTo(30_000);
	}

}
