package io.github.mysqlpool.reliability;

import java.util.List;

import io.github.mysqlpool.reliability.SoakApplication.ReplicaEvents.Change;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the report reads the replica monitor's state changes.
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

}
