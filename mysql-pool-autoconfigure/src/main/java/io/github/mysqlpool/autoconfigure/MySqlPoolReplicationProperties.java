package io.github.mysqlpool.autoconfigure;

import java.time.Duration;

import io.github.mysqlpool.replica.lag.LagSource;
import io.github.mysqlpool.routing.ReplicaFallback;
import io.github.mysqlpool.routing.SelectionStrategy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Replication settings of the mysql-pool starter: how replicas are probed, how their lag
 * is measured, when they leave and rejoin the rotation, how reads choose among them and
 * what happens when none is fit.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@ConfigurationProperties("mysql-pool.replication")
public class MySqlPoolReplicationProperties implements Validator {

	/**
	 * Whether to probe replicas and take those that lag or fail out of rotation.
	 */
	private boolean enabled = true;

	/**
	 * Time between two probes of a replica.
	 */
	private Duration probeInterval = Duration.ofSeconds(1);

	/**
	 * Connect and socket timeout of the monitor's own connections, so that a hung server
	 * cannot stall the monitor.
	 */
	private Duration probeTimeout = Duration.ofSeconds(1);

	/**
	 * Whether a server whose probe fails to reach it (timed out or refused) has its
	 * pool's connections aborted and its idle ones evicted, so that callers waiting on a
	 * hung server fail within about probe-timeout plus probe-interval instead of at the
	 * driver's socket timeout. In-flight callers are rescued with MySQL Connector/J only.
	 */
	private boolean abortOnHang = true;

	/**
	 * How replication lag is measured: auto (heartbeat where its table exists, replica
	 * status otherwise), replica-status or heartbeat.
	 */
	private LagSource lagSource = LagSource.AUTO;

	/**
	 * Largest replication lag at which a replica still serves reads.
	 */
	private Duration maxLag = Duration.ofSeconds(5);

	/**
	 * Lag under which a replica out of rotation counts a good probe towards its return.
	 * Defaults to half of max-lag.
	 */
	private @Nullable Duration readmitLag;

	/**
	 * Number of consecutive good probes a replica out of rotation needs before it serves
	 * reads again.
	 */
	private int readmitProbes = 3;

	/**
	 * How a read chooses among the replicas in rotation: round-robin, weighted,
	 * least-active, lowest-lag or latency-aware.
	 */
	private SelectionStrategy strategy = SelectionStrategy.LEAST_ACTIVE;

	/**
	 * What a read does when no replica is fit: primary (served by the primary) or fail
	 * (fails at once with NoFitReplicaException).
	 */
	private ReplicaFallback fallback = ReplicaFallback.PRIMARY;

	/**
	 * Heartbeat written on the primary and read on the replicas to measure lag.
	 */
	private final Heartbeat heartbeat = new Heartbeat();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getProbeInterval() {
		return this.probeInterval;
	}

	public void setProbeInterval(Duration probeInterval) {
		this.probeInterval = probeInterval;
	}

	public Duration getProbeTimeout() {
		return this.probeTimeout;
	}

	public void setProbeTimeout(Duration probeTimeout) {
		this.probeTimeout = probeTimeout;
	}

	public boolean isAbortOnHang() {
		return this.abortOnHang;
	}

	public void setAbortOnHang(boolean abortOnHang) {
		this.abortOnHang = abortOnHang;
	}

	public LagSource getLagSource() {
		return this.lagSource;
	}

	public void setLagSource(LagSource lagSource) {
		this.lagSource = lagSource;
	}

	public Duration getMaxLag() {
		return this.maxLag;
	}

	public void setMaxLag(Duration maxLag) {
		this.maxLag = maxLag;
	}

	public @Nullable Duration getReadmitLag() {
		return this.readmitLag;
	}

	public void setReadmitLag(@Nullable Duration readmitLag) {
		this.readmitLag = readmitLag;
	}

	/**
	 * The re-admit limit in force: the configured one, else half of max-lag.
	 * @return the re-admit limit
	 */
	public Duration determineReadmitLag() {
		return (this.readmitLag != null) ? this.readmitLag : this.maxLag.dividedBy(2);
	}

	public int getReadmitProbes() {
		return this.readmitProbes;
	}

	public void setReadmitProbes(int readmitProbes) {
		this.readmitProbes = readmitProbes;
	}

	public SelectionStrategy getStrategy() {
		return this.strategy;
	}

	public void setStrategy(SelectionStrategy strategy) {
		this.strategy = strategy;
	}

	public ReplicaFallback getFallback() {
		return this.fallback;
	}

	public void setFallback(ReplicaFallback fallback) {
		this.fallback = fallback;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	@Override
	public boolean supports(Class<?> type) {
		return MySqlPoolReplicationProperties.class.isAssignableFrom(type);
	}

	/**
	 * Check the bound properties.
	 * @param target these properties
	 * @param errors unused: an invalid value throws
	 * @throws InvalidMySqlPoolPropertyException naming the first invalid property and the
	 * fix
	 */
	@Override
	public void validate(Object target, Errors errors) {
		MySqlPoolReplicationPropertiesValidator.validate((MySqlPoolReplicationProperties) target);
	}

	/**
	 * Heartbeat written on the primary and read on the replicas.
	 */
	public static class Heartbeat {

		/**
		 * Table holding the heartbeat row, optionally qualified with its database; in the
		 * primary URL's database when unqualified.
		 */
		private String table = "mysql_pool_heartbeat";

		/**
		 * Time between two heartbeat writes on the primary. Lag reads at most this much
		 * high.
		 */
		private Duration interval = Duration.ofMillis(250);

		/**
		 * Whether to create the heartbeat table on the primary when it is missing and the
		 * user may create it.
		 */
		private boolean createTable = true;

		public String getTable() {
			return this.table;
		}

		public void setTable(String table) {
			this.table = table;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public boolean isCreateTable() {
			return this.createTable;
		}

		public void setCreateTable(boolean createTable) {
			this.createTable = createTable;
		}

	}

}
