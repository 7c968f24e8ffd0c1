package io.github.mysqlpool.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PoolLoad}.
 *
 * @author mysql-pool team
 */
class PoolLoadTests {

	private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

	@Test
	void connectionClosedAsBrokenWhileBorrowedStopsCountingOnceCorrected() {
		// HikariCP records no return for a connection it closed as broken: the counters
		// keep counting it as borrowed, the pool does not
		AtomicLong borrowedNotReturned = new AtomicLong(3);
		PoolLoad load = new PoolLoad();
		load.trackConnectionsInUse(borrowedNotReturned::get);
		assertThat(load.connectionsInUse()).isEqualTo(3);
		load.correctConnectionsInUse(() -> 1);
		assertThat(load.connectionsInUse()).isEqualTo(1);
		borrowedNotReturned.set(2);
		assertThat(load.connectionsInUse()).isZero();
		load.correctConnectionsInUse(() -> 2);
		assertThat(load.connectionsInUse()).isEqualTo(2);
	}

	@Test
	void firstStatementSetsTheAverage() {
		PoolLoad load = new PoolLoad();
		assertThat(load.statementNanos()).isZero();
		load.recordStatement(3 * MS, 1_000);
		assertThat(load.statementNanos()).isEqualTo(3 * MS);
		assertThat(load.sampledAtNanos()).isEqualTo(1_000);
	}

	@Test
	void statementsInQuickSuccessionMoveTheAverageASixtyFourthEach() {
		PoolLoad load = new PoolLoad();
		load.recordStatement(64 * MS, 0);
		load.recordStatement(0, 1);
		assertThat(load.statementNanos()).isEqualTo(63 * MS);
	}

	@Test
	void aStatementAfterTheDecayTimeReplacesTheAverage() {
		PoolLoad load = new PoolLoad();
		load.recordStatement(64 * MS, 0);
		load.recordStatement(MS, PoolLoad.DECAY_NANOS);
		assertThat(load.statementNanos()).isEqualTo(MS);
	}

	@Test
	void aStatementHalfTheDecayTimeLaterMovesTheAverageHalfWay() {
		PoolLoad load = new PoolLoad();
		load.recordStatement(10 * MS, 0);
		load.recordStatement(2 * MS, PoolLoad.DECAY_NANOS / 2);
		assertThat(load.statementNanos()).isEqualTo(6 * MS);
	}

	@Test
	void connectionsInUseCountOnlyOnceTracked() {
		PoolLoad load = new PoolLoad();
		assertThat(load.isTracked()).isFalse();
		assertThat(load.connectionsInUse()).isZero();
		load.trackConnectionsInUse(() -> -1);
		assertThat(load.isTracked()).isTrue();
		assertThat(load.connectionsInUse()).isZero();
		load.trackConnectionsInUse(() -> 4);
		assertThat(load.connectionsInUse()).isEqualTo(4);
	}

}
