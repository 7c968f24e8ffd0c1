package io.github.mysqlpool.reliability;

import java.util.List;

import io.github.mysqlpool.reliability.HeartbeatWriter.Acknowledgements;
import io.github.mysqlpool.reliability.SoakApplication.Reading;
import io.github.mysqlpool.reliability.Workers.ReadRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How stale a read was, from the heartbeat acknowledgements, and which reads break their
 * promise.
 *
 * @author mysql-pool team
 */
class StalenessTests {

	private static final long SECOND = 1_000_000;

	private final Acknowledgements acknowledgements = new Acknowledgements();

	StalenessTests() {
		// Heartbeat 3 was never acknowledged (the primary was down)
		this.acknowledgements.add(1, 10 * SECOND);
		this.acknowledgements.add(2, 10 * SECOND + 100_000);
		this.acknowledgements.add(4, 12 * SECOND);
		this.acknowledgements.add(5, 12 * SECOND + 100_000);
	}

	@Test
	void readThatSawTheLatestAcknowledgedHeartbeatIsFresh() {
		assertThat(this.acknowledgements.staleMicros(5, 20 * SECOND)).isZero();
		assertThat(this.acknowledgements.staleMicros(9, 20 * SECOND)).isZero();
	}

	@Test
	void readIsStaleSinceTheFirstHeartbeatItMissedWasAcknowledged() {
		assertThat(this.acknowledgements.staleMicros(1, 10 * SECOND + 400_000)).isEqualTo(300_000);
		assertThat(this.acknowledgements.staleMicros(4, 13 * SECOND)).isEqualTo(900_000);
	}

	@Test
	void unacknowledgedHeartbeatsAndLaterAcknowledgementsDoNotCount() {
		// Missed 3 (never acknowledged) and 4, acknowledged only after the read ran
		assertThat(this.acknowledgements.staleMicros(2, 11 * SECOND)).isZero();
		assertThat(this.acknowledgements.staleMicros(2, 12 * SECOND + 250_000)).isEqualTo(250_000);
	}

	@Test
	void replicaReadsOverTheirBoundPlusDetectionAreViolationsAndPrimaryReadsMustBeFresh() {
		long bound = Operation.BOUNDED_READ.boundMicros();
		long readAt = 12 * SECOND;
		List<ReadRecord> reads = List.of(read(Operation.READ, 2, 4, readAt),
				read(Operation.BOUNDED_READ, 3, 2, readAt + bound + Staleness.DETECTION_MICROS / 2),
				read(Operation.BOUNDED_READ, 2, 2, readAt + bound + Staleness.DETECTION_MICROS + 1),
				read(Operation.READ, 1, 1, 11 * SECOND));
		Staleness staleness = Staleness.analyze(reads, this.acknowledgements, (nanos) -> 1);
		assertThat(staleness.figures().get(Operation.BOUNDED_READ).overBound).isEqualTo(2);
		assertThat(staleness.figures().get(Operation.BOUNDED_READ).overBoundAndDetection).isEqualTo(1);
		assertThat(staleness.figures().get(Operation.READ).byPrimary).isEqualTo(1);
		assertThat(staleness.stalest(1)).singleElement()
			.satisfies((stale) -> assertThat(stale.staleMicros()).isEqualTo(bound + Staleness.DETECTION_MICROS + 1));
		assertThat(staleness.violations()).hasSize(2)
			.anyMatch((violation) -> violation.startsWith("read @ReadOnly(maxLag=500ms) on server 2"))
			.anyMatch((violation) -> violation.contains("on the primary"));
	}

	private static ReadRecord read(Operation operation, long serverId, long seq, long calledMicros) {
		return new ReadRecord(operation, new Reading(serverId, seq, calledMicros), calledMicros, 0, 0);
	}

}
