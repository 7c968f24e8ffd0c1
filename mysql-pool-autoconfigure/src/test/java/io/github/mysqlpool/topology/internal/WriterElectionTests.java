package io.github.mysqlpool.topology.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.mysqlpool.topology.ServerRole;
import io.github.mysqlpool.topology.internal.WriterElection.Decision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer election on the result shapes the probes produce.
 *
 * @author mysql-pool team
 */
class WriterElectionTests {

	@Test
	void theOnlyWritableServerIsTheWriter() {
		Decision decision = WriterElection.elect("primary",
				List.of(readOnly("primary"), writable("replica-1"), readOnly("replica-2")));
		assertThat(decision.writer()).isEqualTo("replica-1");
		assertThat(decision.splitBrain()).isFalse();
		assertThat(decision.reason()).contains("'replica-1' is the only writable server", "'primary' is read-only");
	}

	@Test
	void theWriterStaysWhileItIsTheOnlyWritableServer() {
		Decision decision = WriterElection.elect("primary",
				List.of(writable("primary"), readOnly("replica-1"), unreachable("replica-2")));
		assertThat(decision.writer()).isEqualTo("primary");
		assertThat(decision.reason()).isEqualTo("unchanged");
	}

	@Test
	void aPromotedReplicaTakesOverFromADeadPrimary() {
		Decision decision = WriterElection.elect("primary",
				List.of(unreachable("primary"), writable("replica-1"), readOnly("replica-2")));
		assertThat(decision.writer()).isEqualTo("replica-1");
		assertThat(decision.reason()).contains("'primary' unreachable");
	}

	@Test
	void noWritableServerLeavesNoWriter() {
		Decision decision = WriterElection.elect("primary",
				List.of(readOnly("primary"), readOnly("replica-1"), readOnly("replica-2")));
		assertThat(decision.writer()).isNull();
		assertThat(decision.splitBrain()).isFalse();
		assertThat(decision.reason()).contains("no server is writable", "'primary' is read-only");
	}

	@Test
	void anUnreachablePrimaryWithNoPromotionYetLeavesNoWriterAndSaysWhySinceWhen() {
		Instant since = Instant.parse("2026-01-02T03:04:05Z");
		Decision decision = WriterElection.elect("primary",
				List.of(unreachable("primary"), readOnly("replica-1"), readOnly("replica-2")),
				Map.of("primary", since));
		assertThat(decision.writer()).isNull();
		assertThat(decision.splitBrain()).isFalse();
		assertThat(decision.reason()).contains("'primary' unreachable since 2026-01-02T03:04:05Z",
				"Communications link failure");
	}

	@Test
	void theFormerPrimaryWritableAgainAfterAPromotionIsASplitBrainAndTheNewWriterStays() {
		Decision decision = WriterElection.elect("replica-1",
				List.of(writable("primary"), writable("replica-1"), readOnly("replica-2")));
		assertThat(decision.writer()).isEqualTo("replica-1");
		assertThat(decision.splitBrain()).isTrue();
	}

	@Test
	void anUnreachableWriterBackAloneWritableIsTheWriterAgain() {
		Decision decision = WriterElection.elect(null,
				List.of(writable("primary"), readOnly("replica-1"), readOnly("replica-2")));
		assertThat(decision.writer()).isEqualTo("primary");
	}

	@Test
	void twoWritableServersKeepTheWriterThatWasOneOfThem() {
		Decision decision = WriterElection.elect("primary",
				List.of(writable("primary"), writable("replica-1"), readOnly("replica-2")));
		assertThat(decision.writer()).isEqualTo("primary");
		assertThat(decision.splitBrain()).isTrue();
		assertThat(decision.reason()).contains("[primary, replica-1]", "writes stay on 'primary'");
	}

	@Test
	void twoWritableServersWithoutTheFormerWriterAmongThemLeaveNoWriter() {
		Decision decision = WriterElection.elect("primary",
				List.of(readOnly("primary"), writable("replica-1"), writable("replica-2")));
		assertThat(decision.writer()).isNull();
		assertThat(decision.splitBrain()).isTrue();
	}

	@Test
	void aServerWhoseRoleIsUnknownIsNotWritable() {
		ServerRole unknown = new ServerRole("replica-1", true, null, null, "access denied", Instant.now());
		Decision decision = WriterElection.elect("primary", List.of(writable("primary"), unknown));
		assertThat(decision.writer()).isEqualTo("primary");
		assertThat(decision.splitBrain()).isFalse();
	}

	@Test
	void withNoWriterBeforeTheOnlyWritableServerBecomesTheWriter() {
		Decision decision = WriterElection.elect(null, List.of(readOnly("primary"), writable("replica-2")));
		assertThat(decision.writer()).isEqualTo("replica-2");
	}

	private static ServerRole writable(String server) {
		return new ServerRole(server, true, true, null, null, Instant.now());
	}

	private static ServerRole readOnly(String server) {
		return new ServerRole(server, true, false, "127.0.0.1:3306", null, Instant.now());
	}

	private static ServerRole unreachable(String server) {
		return new ServerRole(server, false, null, null, "Communications link failure", Instant.now());
	}

}
