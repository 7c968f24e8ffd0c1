package io.github.mysqlpool.replica.lag.internal;

import java.time.Duration;
import java.time.Instant;

import io.github.mysqlpool.pool.ReplicaStatus.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplicaFitness}: leaving at once, returning with hysteresis.
 *
 * @author mysql-pool team
 */
class ReplicaFitnessTests {

	private final ReplicaFitness fitness = new ReplicaFitness(
			new FitnessPolicy(Duration.ofSeconds(5), Duration.ofSeconds(2), 3));

	private final Instant now = Instant.now();

	@Test
	void startsInRotationAndStaysWithinMaxLag() {
		assertThat(this.fitness.isInRotation()).isTrue();
		assertThat(this.fitness.getStatus().state()).isEqualTo(State.UNKNOWN);
		this.fitness.lagMeasured(Duration.ofMillis(4900), null, this.now);
		assertThat(this.fitness.isInRotation()).isTrue();
		assertThat(this.fitness.getStatus().state()).isEqualTo(State.FIT);
		assertThat(this.fitness.getStatus().lagSeconds()).isEqualTo(4.9);
	}

	@Test
	void leavesAtOnceOverMaxLag() {
		this.fitness.lagMeasured(Duration.ofMillis(5001), null, this.now);
		assertThat(this.fitness.isInRotation()).isFalse();
		assertThat(this.fitness.getStatus().state()).isEqualTo(State.LAGGING);
	}

	@Test
	void leavesAtOnceWhenLagIsUnknownOrAProbeFails() {
		this.fitness.lagMeasured(null, "replication SQL thread not running", this.now);
		assertThat(this.fitness.isInRotation()).isFalse();
		assertThat(this.fitness.getStatus().lastError()).isEqualTo("lag unknown: replication SQL thread not running");
		ReplicaFitness other = new ReplicaFitness(new FitnessPolicy(Duration.ofSeconds(5), Duration.ofSeconds(2), 3));
		other.failed("Communications link failure", this.now);
		assertThat(other.isInRotation()).isFalse();
		assertThat(other.getStatus().state()).isEqualTo(State.DOWN);
	}

	@Test
	void returnsOnlyAfterConsecutiveGoodProbesUnderTheReadmitLimit() {
		this.fitness.lagMeasured(Duration.ofSeconds(8), null, this.now);
		this.fitness.lagMeasured(Duration.ofSeconds(1), null, this.now);
		this.fitness.lagMeasured(Duration.ofSeconds(1), null, this.now);
		assertThat(this.fitness.isInRotation()).isFalse();
		assertThat(this.fitness.getGoodProbes()).isEqualTo(2);
		this.fitness.lagMeasured(Duration.ofSeconds(1), null, this.now);
		assertThat(this.fitness.isInRotation()).isTrue();
		assertThat(this.fitness.getStatus().state()).isEqualTo(State.FIT);
	}

	@Test
	void lagBetweenReadmitAndMaxLagDoesNotCountAndResetsTheCount() {
		this.fitness.failed("down", this.now);
		this.fitness.lagMeasured(Duration.ofSeconds(1), null, this.now);
		this.fitness.lagMeasured(Duration.ofSeconds(1), null, this.now);
		this.fitness.lagMeasured(Duration.ofSeconds(3), null, this.now);
		assertThat(this.fitness.getGoodProbes()).isZero();
		assertThat(this.fitness.isInRotation()).isFalse();
		assertThat(this.fitness.getStatus().state()).isEqualTo(State.LAGGING);
		this.fitness.lagMeasured(Duration.ofSeconds(1), null, this.now);
		this.fitness.lagMeasured(Duration.ofSeconds(1), null, this.now);
		this.fitness.failed("down again", this.now);
		assertThat(this.fitness.getGoodProbes()).isZero();
		assertThat(this.fitness.getStatus().state()).isEqualTo(State.DOWN);
	}

}
