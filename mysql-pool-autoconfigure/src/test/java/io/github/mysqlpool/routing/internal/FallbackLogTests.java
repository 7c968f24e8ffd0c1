package io.github.mysqlpool.routing.internal;

import java.sql.Connection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.pool.PoolRole;
import io.github.mysqlpool.routing.ReplicaSnapshot;
import io.github.mysqlpool.routing.SelectionStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.mock;

/**
 * What the routing logs when reads fall back to the primary: once per change of state,
 * also when reads with a per-call max-lag and reads without one take turns (found by the
 * reliability soak, where they logged a warning and an info line on almost every call).
 *
 * @author mysql-pool team
 */
@ExtendWith(OutputCaptureExtension.class)
class FallbackLogTests {

	private final MySqlPool primary = pool("primary", PoolRole.PRIMARY);

	private final MySqlPool replica = pool("replica-1", PoolRole.REPLICA);

	private final ReplicaRotation rotation = new ReplicaRotation(List.of(this.replica));

	private final MySqlRoutingDataSource dataSource = new MySqlRoutingDataSource(
			new MySqlPools(this.primary, List.of(this.replica), true), this.rotation,
			SelectionStrategy.LEAST_ACTIVE.createSelector());

	@Test
	void boundedAndUnboundedReadsTakingTurnsLogTheBoundedFallbackOnce(CapturedOutput output) throws Exception {
		this.rotation.update(ReplicaSnapshot.of(List.of(this.replica), new long[] { 600 }, ""));
		for (int i = 0; i < 10; i++) {
			assertThat(read(500)).isSameAs(connection(this.primary));
			assertThat(read(ReplicaSnapshot.UNKNOWN_LAG)).isSameAs(connection(this.replica));
		}
		assertThat(count(output,
				"No replica is fit for reads with a per-call max-lag (no replica within this "
						+ "read's max-lag of 500 ms: replica-1 lags 600 ms); they go to the primary until one is"))
			.isEqualTo(1);
		assertThat(count(output, "No replica is fit for reads (")).isZero();
		assertThat(count(output, "served by replicas again")).isZero();
		this.rotation.update(ReplicaSnapshot.of(List.of(this.replica), new long[] { 100 }, ""));
		assertThat(read(500)).isSameAs(connection(this.replica));
		assertThat(read(500)).isSameAs(connection(this.replica));
		assertThat(count(output, "Reads with a per-call max-lag are served by replicas again")).isEqualTo(1);
	}

	@Test
	void noReplicaInRotationIsLoggedOnceForAllReadsAndItsEndOnce(CapturedOutput output) throws Exception {
		this.rotation.update(ReplicaSnapshot.of(List.of(), new long[0], "replica-1 DOWN"));
		for (int i = 0; i < 5; i++) {
			assertThat(read(500)).isSameAs(connection(this.primary));
			assertThat(read(ReplicaSnapshot.UNKNOWN_LAG)).isSameAs(connection(this.primary));
		}
		this.rotation.update(ReplicaSnapshot.of(List.of(this.replica), new long[] { 100 }, ""));
		for (int i = 0; i < 5; i++) {
			assertThat(read(ReplicaSnapshot.UNKNOWN_LAG)).isSameAs(connection(this.replica));
		}
		assertThat(count(output, "No replica is fit for reads (no replica in rotation; out of rotation: "
				+ "replica-1 DOWN); they go to the primary until one is"))
			.isEqualTo(1);
		assertThat(count(output, "Reads are served by replicas again")).isEqualTo(1);
		assertThat(count(output, "per-call")).isZero();
	}

	private Connection read(long maxLag) throws Exception {
		boolean previous = RoutingContext.enterReadOnlyScope();
		long previousBound = RoutingContext.narrowMaxLag(maxLag);
		try {
			return this.dataSource.getConnection();
		}
		finally {
			RoutingContext.restoreMaxLag(previousBound);
			RoutingContext.restoreReadOnlyScope(previous);
		}
	}

	private static MySqlPool pool(String name, PoolRole role) {
		DataSource dataSource = mock(DataSource.class);
		Connection connection = mock(Connection.class);
		try {
			given(dataSource.getConnection()).willReturn(connection);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return new MySqlPool(name, role, dataSource, 1);
	}

	private static Connection connection(MySqlPool pool) throws Exception {
		return pool.getDataSource().getConnection();
	}

	private static int count(CapturedOutput output, String text) {
		Matcher matcher = Pattern.compile(Pattern.quote(text)).matcher(output.getAll());
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
