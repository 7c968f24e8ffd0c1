package io.github.mysqlpool.pool;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WaitTimeoutGuard#cappedLifetime(long, long)}.
 *
 * @author mysql-pool team
 */
class WaitTimeoutGuardTests {

	@Test
	void lifetimeBelowWaitTimeoutIsKept() {
		assertThat(WaitTimeoutGuard.cappedLifetime(600_000, 28_800_000)).isEqualTo(600_000);
	}

	@Test
	void lifetimeAtOrAboveWaitTimeoutIsLoweredByTenPercent() {
		assertThat(WaitTimeoutGuard.cappedLifetime(1_800_000, 600_000)).isEqualTo(540_000);
		assertThat(WaitTimeoutGuard.cappedLifetime(600_000, 600_000)).isEqualTo(540_000);
	}

	@Test
	void infiniteLifetimeIsLowered() {
		assertThat(WaitTimeoutGuard.cappedLifetime(0, 600_000)).isEqualTo(540_000);
	}

	@Test
	void marginIsAtLeastFiveSecondsAndNeverBelowHikariMinimum() {
		assertThat(WaitTimeoutGuard.cappedLifetime(1_800_000, 40_000)).isEqualTo(35_000);
		assertThat(WaitTimeoutGuard.cappedLifetime(1_800_000, 20_000)).isEqualTo(30_000);
	}

}
