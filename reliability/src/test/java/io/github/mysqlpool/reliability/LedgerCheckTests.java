package io.github.mysqlpool.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.github.mysqlpool.embedded.EmbeddedMariaDbExtension;
import io.github.mysqlpool.embedded.Node;
import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.reliability.LedgerCheck.Result;
import io.github.mysqlpool.reliability.Workers.WriteOutcome;
import io.github.mysqlpool.reliability.Workers.WriteRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Self-tests of {@link LedgerCheck} on the embedded replicated MariaDB: a ledger that
 * matches the database passes, and each fault the soak must catch, planted in the
 * database, is caught and named in the check's problems (which the soak's report prints):
 * a lost acknowledged write, a duplicated write, a write whose failure was reported but
 * which is stored, and a counter that disagrees with the rows.
 *
 * @author mysql-pool team
 */
@ExtendWith(EmbeddedMariaDbExtension.class)
class LedgerCheckTests {

	private static final Duration CAUGHT_UP = Duration.ofSeconds(30);

	private final ReplicatedMariaDb db;

	private final String runId = "check-" + UUID.randomUUID();

	private final List<WriteRecord> ledger = new ArrayList<>();

	LedgerCheckTests(ReplicatedMariaDb db) {
		this.db = db;
	}

	@BeforeEach
	void emptyTables() {
		Node primary = this.db.primary();
		String schema = this.db.database() + ".";
		primary.executeAsRoot(LedgerCheck.CREATE_WRITES.replace("EXISTS ", "EXISTS " + schema));
		primary.executeAsRoot(LedgerCheck.CREATE_COUNTERS.replace("EXISTS ", "EXISTS " + schema));
		primary.executeAsRoot("DELETE FROM " + schema + "soak_write");
		primary.executeAsRoot("DELETE FROM " + schema + "soak_counter");
		for (int worker = 0; worker < 2; worker++) {
			primary.executeAsRoot("INSERT INTO " + schema + "soak_counter (worker, n) VALUES (" + worker + ", 0)");
		}
	}

	@Test
	void ledgerThatMatchesTheDatabaseHasNoProblem() throws Exception {
		write(0, WriteOutcome.ACKNOWLEDGED);
		write(1, WriteOutcome.OUTCOME_UNKNOWN);
		attempt(0, WriteOutcome.FAILED);
		Result result = check();
		assertThat(result.problems).isEmpty();
		assertThat(result.acknowledgedOnce).isEqualTo(1);
		assertThat(result.unknownApplied).isEqualTo(1);
		assertThat(result.failed).isEqualTo(1);
	}

	@Test
	void acknowledgedWriteThatIsNotStoredIsCaughtAndNamed() throws Exception {
		write(0, WriteOutcome.ACKNOWLEDGED);
		String lost = write(1, WriteOutcome.ACKNOWLEDGED);
		// Lost with its counter, so that only the ledger tells
		execute("DELETE FROM soak_write WHERE request_id = '" + lost + "'");
		execute("UPDATE soak_counter SET n = n - 1 WHERE worker = 1");
		assertThat(check().problems).containsExactly("acknowledged write " + lost + " stored 0 times");
	}

	@Test
	void duplicatedWriteIsCaughtAndNamed() throws Exception {
		String duplicated = write(0, WriteOutcome.ACKNOWLEDGED);
		store(duplicated, 0);
		String unknownTwice = write(1, WriteOutcome.OUTCOME_UNKNOWN);
		store(unknownTwice, 1);
		assertThat(check().problems).contains("acknowledged write " + duplicated + " stored 2 times",
				"write " + unknownTwice + " of unknown outcome stored 2 times");
	}

	@Test
	void writeReportedAsFailedButStoredIsCaughtAndNamed() throws Exception {
		write(0, WriteOutcome.ACKNOWLEDGED);
		String failed = write(1, WriteOutcome.FAILED);
		assertThat(check().problems).contains("failed write " + failed + " (" + failedError() + ") stored 1 times");
	}

	@Test
	void counterThatDisagreesWithTheRowsIsCaughtAndNamed() throws Exception {
		write(0, WriteOutcome.ACKNOWLEDGED);
		write(0, WriteOutcome.ACKNOWLEDGED);
		execute("UPDATE soak_counter SET n = n + 1 WHERE worker = 0");
		Result result = check();
		assertThat(result.counterMismatches).containsExactly("worker 0 counted 3 writes but 2 rows are stored");
		assertThat(result.problems).contains("worker 0 counted 3 writes but 2 rows are stored");
	}

	@Test
	void workerWhoseCounterIsMissingIsCaughtAndNamed() throws Exception {
		write(0, WriteOutcome.ACKNOWLEDGED);
		write(1, WriteOutcome.ACKNOWLEDGED);
		execute("DELETE FROM soak_counter WHERE worker = 1");
		Result result = check();
		assertThat(result.counterMismatches).containsExactly("worker 1 has no counter but 1 rows are stored");
		assertThat(result.problems).contains("worker 1 has no counter but 1 rows are stored");
	}

	/**
	 * A write as the soak's application makes it (one transaction: the row and the
	 * worker's counter), recorded in the ledger with the outcome its caller was told.
	 */
	private String write(int worker, WriteOutcome outcome) throws SQLException {
		String requestId = attempt(worker, outcome);
		store(requestId, worker);
		return requestId;
	}

	/**
	 * A write recorded in the ledger that the database never received.
	 */
	private String attempt(int worker, WriteOutcome outcome) {
		String requestId = this.runId + "-" + this.ledger.size();
		String error = (outcome == WriteOutcome.FAILED) ? failedError() : null;
		this.ledger.add(new WriteRecord(requestId, worker, outcome, error, 0, 0));
		return requestId;
	}

	private void store(String requestId, int worker) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.db.primary().jdbcUrl() + "?sslMode=DISABLED",
				this.db.username(), this.db.password())) {
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection
				.prepareStatement("INSERT INTO soak_write (request_id, worker) VALUES (?, ?)");
					PreparedStatement count = connection
						.prepareStatement("UPDATE soak_counter SET n = n + 1 WHERE worker = ?")) {
				insert.setString(1, requestId);
				insert.setInt(2, worker);
				insert.executeUpdate();
				count.setInt(1, worker);
				count.executeUpdate();
			}
			connection.commit();
		}
	}

	private void execute(String sql) {
		this.db.primary().executeAsRoot(sql.replaceFirst("(soak_\\w+)", this.db.database() + ".$1"));
	}

	private static String failedError() {
		return "SQLTransientConnectionException";
	}

	private Result check() throws Exception {
		this.db.awaitReplicasCaughtUp(CAUGHT_UP);
		return LedgerCheck.check(this.db, this.runId, this.ledger, Set.of());
	}

}
