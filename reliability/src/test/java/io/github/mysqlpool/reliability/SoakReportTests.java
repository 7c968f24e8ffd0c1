package io.github.mysqlpool.reliability;

import java.time.Duration;
import java.util.List;

import io.github.mysqlpool.reliability.SoakApplication.ReplicaEvents.Change;
import io.github.mysqlpool.reliability.SoakApplication.ReplicaEvents.WriterChange;
import io.github.mysqlpool.reliability.SoakReport.EventFigures;
import io.github.mysqlpool.reliability.Workers.FailedRead;
import io.github.mysqlpool.reliability.Workers.WriteOutcome;
import io.github.mysqlpool.reliability.Workers.WriteRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the report reads the replica monitor's state changes and the calls made during an
 * event.
 *
 * @author mysql-pool team
 */
class SoakReportTests {

	@Test
	void detectionIsTheTimeFromTheFaultToTheReplicaLeavingRotation() {
		List<Change> changes = List.of(new Change(100, "replica-1", "UNKNOWN", "FIT"),
				new Change(150, "replica-2", "FIT", "DOWN"), new Change(250, "replica-1", "FIT", "LAGGING"));
		assertThat(SoakReport.detection(changes, "replica-1", 200)).isEqualTo(50);
	}

	@Test
	void replicaAlreadyOutOfRotationIsNotCountedAsDetected() {
		List<Change> changes = List.of(new Change(100, "replica-1", "FIT", "LAGGING"),
				new Change(300, "replica-1", "LAGGING", "FIT"), new Change(900, "replica-1", "FIT", "DOWN"));
		assertThat(SoakReport.detection(changes, "replica-1", 200)).isEqualTo(SoakReport.ALREADY_OUT);
		assertThat(SoakReport.detection(changes, "replica-1", 1000)).isEqualTo(SoakReport.ALREADY_OUT);
		assertThat(SoakReport.detection(changes, "replica-1", 400)).isEqualTo(500);
	}

	@Test
	void replicaThatNeverLeftHasNoDetection() {
		List<Change> changes = List.of(new Change(100, "replica-1", "UNKNOWN", "FIT"));
		assertThat(SoakReport.detection(changes, "replica-1", 200)).isNull();
		assertThat(SoakReport.detection(List.of(), "replica-1", 200)).isNull();
	}

	@Test
	void eachEventCountsWritesUnavailableUntilTheFirstAcknowledgedWriteBegunAfterItAndTheSlowestCallInFlight() {
		FaultPlan plan = new FaultPlan(1, FaultType.SWITCHOVER, 0, Duration.ofSeconds(3), Duration.ofSeconds(3), true,
				0.5);
		FaultRecord fault = new FaultRecord(plan, 1000, 5000, new long[] { 100, 100, 100 }, "", "replica-1",
				List.of(new FaultEvent("switchover primary -> replica-1", 1000, true),
						new FaultEvent("switchover replica-1 -> primary", 3000, true)));
		List<WriteRecord> writes = List.of(new WriteRecord("a", 0, WriteOutcome.ACKNOWLEDGED, null, 900, 1500),
				new WriteRecord("b", 0, WriteOutcome.FAILED, "NoPrimaryException", 1100, 1200),
				new WriteRecord("c", 1, WriteOutcome.ACKNOWLEDGED, null, 1300, 1700),
				new WriteRecord("d", 1, WriteOutcome.ACKNOWLEDGED, null, 3200, 3300));
		List<FailedRead> failedReads = List.of(new FailedRead(Operation.READ, "SQLTimeoutException", 2500, 3900));
		List<WriterChange> writerChanges = List.of(new WriterChange(1200, "primary", null),
				new WriterChange(1400, null, "replica-1"), new WriterChange(3100, "replica-1", "primary"));
		List<EventFigures> figures = SoakReport.eventFigures(fault, writerChanges, writes, List.of(), failedReads);
		assertThat(figures).hasSize(2);
		assertThat(figures.get(0).unavailableNanos()).isEqualTo(700);
		assertThat(figures.get(0).followedNanos()).isEqualTo(400);
		assertThat(figures.get(0).slowestNanos()).isEqualTo(1400);
		assertThat(figures.get(0).slowest()).contains("SQLTimeoutException");
		assertThat(figures.get(1).unavailableNanos()).isEqualTo(300);
		assertThat(figures.get(1).followedNanos()).isEqualTo(100);
	}

}
