package io.github.mysqlpool.routing.internal;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.PoolRole;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handshake that ends waits in a former writer's pool: pure concurrency logic, with a
 * pool that waits for a connection the way HikariCP does (interruptibly, throwing with
 * the interrupt status set again when interrupted).
 *
 * @author mysql-pool team
 */
class WriterBorrowsTests {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final WaitingPool oldPool = new WaitingPool();

	private final WaitingPool newPool = new WaitingPool();

	private final MySqlPool oldWriter = new MySqlPool("primary", PoolRole.PRIMARY, this.oldPool, 1);

	private final MySqlPool newWriter = new MySqlPool("replica-1-writes", "replica-1", PoolRole.PRIMARY, this.newPool,
			1);

	private final AtomicReference<MySqlPool> writer = new AtomicReference<>(this.oldWriter);

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void aChangeOfWriterEndsEveryWaitInTheOldPoolAndLeavesNoInterrupt() throws Exception {
		WriterBorrows borrows = new WriterBorrows(64);
		List<Future<Outcome>> waits = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			waits.add(this.threads.submit(() -> borrowOnce(borrows, this.oldWriter)));
		}
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> this.oldPool.waiting.get() == 8);
		this.writer.set(this.newWriter);
		assertThat(borrows.release(this.newWriter)).isEqualTo(8);
		for (Future<Outcome> wait : waits) {
			Outcome outcome = wait.get(30, TimeUnit.SECONDS);
			assertThat(outcome.connection()).isNull();
			assertThat(outcome.interruptedAfter()).isFalse();
		}
		assertThat(borrows.registered()).isZero();
	}

	@Test
	void waitsInTheWritersOwnPoolAreLeftAlone() throws Exception {
		WriterBorrows borrows = new WriterBorrows(64);
		Future<Outcome> wait = this.threads.submit(() -> borrowOnce(borrows, this.oldWriter));
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> this.oldPool.waiting.get() == 1);
		assertThat(borrows.release(this.oldWriter)).isZero();
		this.oldPool.permits.release();
		Outcome outcome = wait.get(30, TimeUnit.SECONDS);
		assertThat(outcome.connection()).isNotNull();
		assertThat(outcome.interruptedAfter()).isFalse();
	}

	@Test
	void anInterruptTheApplicationSetBeforeTheBorrowIsKept() throws Exception {
		WriterBorrows borrows = new WriterBorrows(64);
		Future<Outcome> wait = this.threads.submit(() -> {
			Thread.currentThread().interrupt();
			return borrowOnce(borrows, this.oldWriter);
		});
		Outcome outcome = wait.get(30, TimeUnit.SECONDS);
		assertThat((Throwable) outcome.failure()).hasMessageContaining("Interrupted during connection acquisition");
		assertThat(outcome.interruptedAfter()).isTrue();
	}

	@Test
	void anInterruptTheApplicationSetDuringTheWaitIsKept() throws Exception {
		WriterBorrows borrows = new WriterBorrows(64);
		AtomicReference<Thread> borrower = new AtomicReference<>();
		Future<Outcome> wait = this.threads.submit(() -> {
			borrower.set(Thread.currentThread());
			return borrowOnce(borrows, this.oldWriter);
		});
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> this.oldPool.waiting.get() == 1);
		borrower.get().interrupt();
		Outcome outcome = wait.get(30, TimeUnit.SECONDS);
		assertThat((Throwable) outcome.failure()).hasMessageContaining("Interrupted during connection acquisition");
		assertThat(outcome.interruptedAfter()).isTrue();
		// A release afterwards finds nothing of that borrow
		assertThat(borrows.release(null)).isZero();
	}

	@Test
	void borrowsBeyondTheSlotsWaitUntracked() throws Exception {
		WriterBorrows borrows = new WriterBorrows(2);
		List<Future<Outcome>> waits = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			waits.add(this.threads.submit(() -> borrowOnce(borrows, this.oldWriter)));
		}
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> this.oldPool.waiting.get() == 3);
		this.writer.set(null);
		assertThat(borrows.release(null)).isEqualTo(2);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> this.oldPool.waiting.get() == 1);
		this.oldPool.permits.release();
		int served = 0;
		for (Future<Outcome> wait : waits) {
			Outcome outcome = wait.get(30, TimeUnit.SECONDS);
			served += (outcome.connection() != null) ? 1 : 0;
			assertThat(outcome.interruptedAfter()).isFalse();
		}
		assertThat(served).isOne();
	}

	/**
	 * Borrowers that get connections at once, wait a little, or time out, some with an
	 * interrupt of their own set before they borrow, against releases running all the
	 * time: no interrupt of a release survives a borrow, and none of the application's is
	 * cleared.
	 */
	@Test
	void underConcurrentReleasesNoInterruptLeaksAndNoneOfTheApplicationsIsLost() throws Exception {
		WriterBorrows borrows = new WriterBorrows(16);
		this.oldPool.waitMillis = 2;
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger released = new AtomicInteger();
		Future<?> releaser = this.threads.submit(() -> {
			while (running.get()) {
				released.addAndGet(borrows.release(this.newWriter));
				Thread.yield();
			}
		});
		Thread feeder = new Thread(() -> {
			while (running.get()) {
				this.oldPool.permits.release();
				try {
					Thread.sleep(0, 200_000);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		feeder.setDaemon(true);
		feeder.start();
		AtomicInteger leaks = new AtomicInteger();
		AtomicInteger lost = new AtomicInteger();
		AtomicInteger borrowsDone = new AtomicInteger();
		List<Future<?>> borrowers = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			borrowers.add(this.threads.submit(() -> {
				for (int n = 0; n < 2_000; n++) {
					boolean own = ThreadLocalRandom.current().nextInt(10) == 0;
					if (own) {
						Thread.currentThread().interrupt();
					}
					Outcome outcome = borrowOnce(borrows, this.oldWriter);
					if (own && !outcome.interruptedAfter()) {
						lost.incrementAndGet();
					}
					if (!own && outcome.interruptedAfter()) {
						leaks.incrementAndGet();
					}
					Thread.interrupted();
					borrowsDone.incrementAndGet();
				}
				return null;
			}));
		}
		for (Future<?> borrower : borrowers) {
			borrower.get(5, TimeUnit.MINUTES);
		}
		running.set(false);
		releaser.get(30, TimeUnit.SECONDS);
		System.out.printf("%d borrows, %d ended by releases%n", borrowsDone.get(), released.get());
		assertThat(released.get()).isPositive();
		assertThat(leaks.get()).isZero();
		assertThat(lost.get()).isZero();
		assertThat(borrows.registered()).isZero();
	}

	private Outcome borrowOnce(WriterBorrows borrows, MySqlPool pool) {
		Connection connection = null;
		SQLException failure = null;
		try {
			connection = borrows.borrow(pool, this.writer::get);
		}
		catch (SQLException ex) {
			failure = ex;
		}
		return new Outcome(connection, failure, Thread.currentThread().isInterrupted());
	}

	record Outcome(Connection connection, SQLException failure, boolean interruptedAfter) {

	}

	/**
	 * Hands out a connection per permit, waiting for one as HikariCP waits: the interrupt
	 * ends the wait with an exception and the interrupt status set again. With
	 * {@code waitMillis}, a wait gives up after that long, as at a connection timeout.
	 */
	static final class WaitingPool implements DataSource {

		/**
		 * One connection for every borrow, made once: a mock made on a thread whose
		 * interrupt is set can fail to load Mockito.
		 */
		private static final Connection CONNECTION = (Connection) Proxy.newProxyInstance(
				WriterBorrowsTests.class.getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					if (method.getName().equals("hashCode")) {
						return 0;
					}
					if (method.getName().equals("equals")) {
						return proxy == args[0];
					}
					return null;
				});

		final Semaphore permits = new Semaphore(0);

		final AtomicInteger waiting = new AtomicInteger();

		volatile long waitMillis = Long.MAX_VALUE;

		@Override
		public Connection getConnection() throws SQLException {
			this.waiting.incrementAndGet();
			try {
				if (!this.permits.tryAcquire(this.waitMillis, TimeUnit.MILLISECONDS)) {
					throw new SQLException("Connection is not available, request timed out");
				}
				return CONNECTION;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SQLException("Interrupted during connection acquisition", ex);
			}
			finally {
				this.waiting.decrementAndGet();
			}
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() {
			return Logger.getGlobal();
		}

		@Override
		public <T> T unwrap(Class<T> iface) throws SQLException {
			throw new SQLException("Not a wrapper");
		}

		@Override
		public boolean isWrapperFor(Class<?> iface) {
			return false;
		}

	}

}
