package io.github.mysqlpool.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.mysqlpool.topology.TopologyDiscovery;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the mysql-pool starter: the primary server, its replicas,
 * the pool settings they share and the MySQL driver defaults applied to every pool.
 * Checked when bound: an invalid value fails start-up with an
 * {@link InvalidMySqlPoolPropertyException} naming the property and the fix.
 * <p>
 * This class is long because, as in Boot's own properties classes, each key is one field
 * with its javadoc, which is the generated metadata's description.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@ConfigurationProperties("mysql-pool")
public class MySqlPoolProperties implements Validator, EnvironmentAware {

	/**
	 * Primary (read-write) server.
	 */
	private final Primary primary = new Primary();

	/**
	 * Replica (read-only) servers; reads marked read-only are spread over them.
	 */
	private final List<Replica> replicas = new ArrayList<>();

	/**
	 * Pool settings shared by every pool unless a server overrides them.
	 */
	private final Pool pool = new Pool();

	/**
	 * MySQL driver settings applied to every pool.
	 */
	private final Driver driver = new Driver();

	/**
	 * Whether to connect once to each server at start-up to read its version,
	 * wait_timeout and max_connections, keeping max-lifetime below wait_timeout and
	 * adapting the driver to MariaDB.
	 */
	private boolean inspectServers = true;

	/**
	 * Whether to start the primary and replica pools with the application, filled to
	 * their minimum, rather than on their first use.
	 */
	private boolean startPools = true;

	/**
	 * How the starter learns which server takes the writes.
	 */
	private final Topology topology = new Topology();

	private @Nullable Environment environment;

	public Primary getPrimary() {
		return this.primary;
	}

	public List<Replica> getReplicas() {
		return this.replicas;
	}

	public Pool getPool() {
		return this.pool;
	}

	public Driver getDriver() {
		return this.driver;
	}

	public Topology getTopology() {
		return this.topology;
	}

	public boolean isInspectServers() {
		return this.inspectServers;
	}

	public void setInspectServers(boolean inspectServers) {
		this.inspectServers = inspectServers;
	}

	public boolean isStartPools() {
		return this.startPools;
	}

	public void setStartPools(boolean startPools) {
		this.startPools = startPools;
	}

	/**
	 * Name of the replica at the given position: its configured name, else "replica-N".
	 * @param index zero-based position in {@link #getReplicas()}
	 * @return the pool name of that replica
	 */
	public String replicaName(int index) {
		String name = this.replicas.get(index).getName();
		return (name != null && !name.isBlank()) ? name : "replica-" + (index + 1);
	}

	/**
	 * Tells the checks where the primary comes from ({@code spring.datasource.*} or
	 * {@code mysql-pool.primary.*}); set before the properties are bound.
	 * @param environment the application's environment
	 */
	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public boolean supports(Class<?> type) {
		return MySqlPoolProperties.class.isAssignableFrom(type);
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
		MySqlPoolPropertiesValidator.validate((MySqlPoolProperties) target, this.environment);
	}

	/**
	 * Connection settings of one server.
	 */
	public abstract static class Server {

		/**
		 * JDBC URL of the server, for example jdbc:mysql://db-host:3306/app.
		 */
		private @Nullable String url;

		/**
		 * Login user of the server.
		 */
		private @Nullable String username;

		/**
		 * Login password of the server.
		 */
		private @Nullable String password;

		/**
		 * Pool settings of this server that override the shared mysql-pool.pool ones.
		 */
		private final PoolOverrides pool = new PoolOverrides();

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public PoolOverrides getPool() {
			return this.pool;
		}

		@Override
		public String toString() {
			return getClass().getSimpleName() + "{url=" + this.url + ", username=" + this.username + ", password="
					+ ((this.password != null) ? "******" : null) + "}";
		}

	}

	/**
	 * Primary (read-write) server.
	 */
	public static class Primary extends Server {

		/**
		 * How long to try to open the primary's first connection when the application
		 * starts before start-up fails, as HikariCP's initialization-fail-timeout: 0
		 * tries once, a negative value starts without it (the pool keeps trying in the
		 * background). Replicas never fail start-up.
		 */
		private Duration initializationFailTimeout = Duration.ofMillis(1);

		public Duration getInitializationFailTimeout() {
			return this.initializationFailTimeout;
		}

		public void setInitializationFailTimeout(Duration initializationFailTimeout) {
			this.initializationFailTimeout = initializationFailTimeout;
		}

	}

	/**
	 * One replica server.
	 */
	public static class Replica extends Server {

		/**
		 * Pool name of the replica. Defaults to "replica-N", N being its position from 1.
		 */
		private @Nullable String name;

		/**
		 * Relative share of reads this replica receives with weighted selection.
		 */
		private int weight = 1;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public int getWeight() {
			return this.weight;
		}

		public void setWeight(int weight) {
			this.weight = weight;
		}

	}

	/**
	 * Pool settings shared by every pool.
	 */
	public static class Pool {

		/**
		 * Maximum number of connections in each pool, including idle and in-use ones.
		 */
		private int maximumPoolSize = 10;

		/**
		 * Minimum number of idle connections each pool keeps. Defaults to the maximum
		 * pool size (a fixed-size pool, as HikariCP recommends).
		 */
		private @Nullable Integer minimumIdle;

		/**
		 * Maximum time to wait for a connection from the pool.
		 */
		private Duration connectionTimeout = Duration.ofSeconds(30);

		/**
		 * Maximum time a connection may sit idle in the pool; applies only when
		 * minimum-idle is below maximum-pool-size.
		 */
		private Duration idleTimeout = Duration.ofMinutes(10);

		/**
		 * Maximum lifetime of a connection in the pool; kept below the server's
		 * wait_timeout.
		 */
		private Duration maxLifetime = Duration.ofMinutes(30);

		/**
		 * How often an idle connection is pinged to keep it alive; 0 disables keepalive.
		 */
		private Duration keepaliveTime = Duration.ofMinutes(2);

		/**
		 * Maximum time to wait for a connection to be validated as alive.
		 */
		private Duration validationTimeout = Duration.ofSeconds(5);

		/**
		 * Time a connection may be out of the pool before a possible leak is logged; 0
		 * disables leak detection.
		 */
		private Duration leakDetectionThreshold = Duration.ZERO;

		/**
		 * Longest a statement may run on the primary, enforced by the server on every
		 * connection (max_statement_time on MariaDB; max_execution_time on MySQL, which
		 * limits read-only SELECT statements only); 0 for no limit.
		 */
		private Duration statementTimeout = Duration.ZERO;

		/**
		 * Longest a statement may run on a replica, enforced by the server as
		 * statement-timeout is on the primary; 0 for no limit.
		 */
		private Duration replicaStatementTimeout = Duration.ofMinutes(5);

		/**
		 * Whether to read each server's wait_timeout at start-up and cap max-lifetime
		 * below it.
		 */
		private boolean waitTimeoutCheck = true;

		/**
		 * Session settings applied on every new connection of every pool.
		 */
		private final Session session = new Session();

		public Session getSession() {
			return this.session;
		}

		public int getMaximumPoolSize() {
			return this.maximumPoolSize;
		}

		public void setMaximumPoolSize(int maximumPoolSize) {
			this.maximumPoolSize = maximumPoolSize;
		}

		public @Nullable Integer getMinimumIdle() {
			return this.minimumIdle;
		}

		public void setMinimumIdle(@Nullable Integer minimumIdle) {
			this.minimumIdle = minimumIdle;
		}

		public Duration getConnectionTimeout() {
			return this.connectionTimeout;
		}

		public void setConnectionTimeout(Duration connectionTimeout) {
			this.connectionTimeout = connectionTimeout;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public Duration getMaxLifetime() {
			return this.maxLifetime;
		}

		public void setMaxLifetime(Duration maxLifetime) {
			this.maxLifetime = maxLifetime;
		}

		public Duration getKeepaliveTime() {
			return this.keepaliveTime;
		}

		public void setKeepaliveTime(Duration keepaliveTime) {
			this.keepaliveTime = keepaliveTime;
		}

		public Duration getValidationTimeout() {
			return this.validationTimeout;
		}

		public void setValidationTimeout(Duration validationTimeout) {
			this.validationTimeout = validationTimeout;
		}

		public Duration getLeakDetectionThreshold() {
			return this.leakDetectionThreshold;
		}

		public Duration getStatementTimeout() {
			return this.statementTimeout;
		}

		public void setStatementTimeout(Duration statementTimeout) {
			this.statementTimeout = statementTimeout;
		}

		public Duration getReplicaStatementTimeout() {
			return this.replicaStatementTimeout;
		}

		public void setReplicaStatementTimeout(Duration replicaStatementTimeout) {
			this.replicaStatementTimeout = replicaStatementTimeout;
		}

		public void setLeakDetectionThreshold(Duration leakDetectionThreshold) {
			this.leakDetectionThreshold = leakDetectionThreshold;
		}

	}

	/**
	 * Pool settings of one server; each one left unset falls back to mysql-pool.pool.
	 */
	public static class PoolOverrides {

		/**
		 * Maximum number of connections in this pool.
		 */
		private @Nullable Integer maximumPoolSize;

		/**
		 * Minimum number of idle connections this pool keeps.
		 */
		private @Nullable Integer minimumIdle;

		/**
		 * Maximum time to wait for a connection from this pool.
		 */
		private @Nullable Duration connectionTimeout;

		/**
		 * Maximum time a connection may sit idle in this pool.
		 */
		private @Nullable Duration idleTimeout;

		/**
		 * Maximum lifetime of a connection in this pool.
		 */
		private @Nullable Duration maxLifetime;

		/**
		 * How often an idle connection of this pool is pinged to keep it alive.
		 */
		private @Nullable Duration keepaliveTime;

		/**
		 * Maximum time to wait for a connection of this pool to be validated.
		 */
		private @Nullable Duration validationTimeout;

		/**
		 * Time a connection may be out of this pool before a possible leak is logged.
		 */
		private @Nullable Duration leakDetectionThreshold;

		/**
		 * Longest a statement may run in this pool, enforced by the server; 0 for no
		 * limit.
		 */
		private @Nullable Duration statementTimeout;

		/**
		 * Session settings of this pool; each one left unset falls back to
		 * mysql-pool.pool.session.
		 */
		private final Session session = new Session();

		public Session getSession() {
			return this.session;
		}

		public @Nullable Integer getMaximumPoolSize() {
			return this.maximumPoolSize;
		}

		public void setMaximumPoolSize(@Nullable Integer maximumPoolSize) {
			this.maximumPoolSize = maximumPoolSize;
		}

		public @Nullable Integer getMinimumIdle() {
			return this.minimumIdle;
		}

		public void setMinimumIdle(@Nullable Integer minimumIdle) {
			this.minimumIdle = minimumIdle;
		}

		public @Nullable Duration getConnectionTimeout() {
			return this.connectionTimeout;
		}

		public void setConnectionTimeout(@Nullable Duration connectionTimeout) {
			this.connectionTimeout = connectionTimeout;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public @Nullable Duration getMaxLifetime() {
			return this.maxLifetime;
		}

		public void setMaxLifetime(@Nullable Duration maxLifetime) {
			this.maxLifetime = maxLifetime;
		}

		public @Nullable Duration getKeepaliveTime() {
			return this.keepaliveTime;
		}

		public void setKeepaliveTime(@Nullable Duration keepaliveTime) {
			this.keepaliveTime = keepaliveTime;
		}

		public @Nullable Duration getValidationTimeout() {
			return this.validationTimeout;
		}

		public void setValidationTimeout(@Nullable Duration validationTimeout) {
			this.validationTimeout = validationTimeout;
		}

		public @Nullable Duration getLeakDetectionThreshold() {
			return this.leakDetectionThreshold;
		}

		public void setLeakDetectionThreshold(@Nullable Duration leakDetectionThreshold) {
			this.leakDetectionThreshold = leakDetectionThreshold;
		}

		public @Nullable Duration getStatementTimeout() {
			return this.statementTimeout;
		}

		public void setStatementTimeout(@Nullable Duration statementTimeout) {
			this.statementTimeout = statementTimeout;
		}

	}

	/**
	 * Session settings applied on every new connection; unset ones keep the server's.
	 */
	public static class Session {

		/**
		 * SQL mode of each session (sql_mode), for example TRADITIONAL or
		 * STRICT_TRANS_TABLES,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO.
		 */
		private @Nullable String sqlMode;

		/**
		 * Transaction isolation of each session: READ_UNCOMMITTED, READ_COMMITTED,
		 * REPEATABLE_READ or SERIALIZABLE.
		 */
		private @Nullable TransactionIsolation transactionIsolation;

		/**
		 * Time zone of each session (time_zone): an offset such as +00:00, a named zone
		 * loaded in the server such as Europe/Paris, or SYSTEM.
		 */
		private @Nullable String timeZone;

		/**
		 * One SQL statement run on every new connection after the session variables, for
		 * example SET SESSION group_concat_max_len = 65536, innodb_lock_wait_timeout =
		 * 10.
		 */
		private @Nullable String initSql;

		public @Nullable String getSqlMode() {
			return this.sqlMode;
		}

		public void setSqlMode(@Nullable String sqlMode) {
			this.sqlMode = sqlMode;
		}

		public @Nullable TransactionIsolation getTransactionIsolation() {
			return this.transactionIsolation;
		}

		public void setTransactionIsolation(@Nullable TransactionIsolation transactionIsolation) {
			this.transactionIsolation = transactionIsolation;
		}

		public @Nullable String getTimeZone() {
			return this.timeZone;
		}

		public void setTimeZone(@Nullable String timeZone) {
			this.timeZone = timeZone;
		}

		public @Nullable String getInitSql() {
			return this.initSql;
		}

		public void setInitSql(@Nullable String initSql) {
			this.initSql = initSql;
		}

	}

	/**
	 * Transaction isolation levels.
	 */
	public enum TransactionIsolation {

		/**
		 * Dirty reads allowed.
		 */
		READ_UNCOMMITTED,

		/**
		 * Each statement sees what was committed before it started.
		 */
		READ_COMMITTED,

		/**
		 * Each transaction sees one snapshot (InnoDB's default).
		 */
		REPEATABLE_READ,

		/**
		 * As REPEATABLE_READ, with plain reads locking.
		 */
		SERIALIZABLE

	}

	/**
	 * MySQL driver settings applied to every pool.
	 */
	public static class Driver {

		/**
		 * Maximum time to open a TCP connection to a server.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * Maximum time to wait for a server's answer on an open connection. Always set:
		 * without it a hung server blocks even a new connection's handshake indefinitely.
		 */
		private Duration socketTimeout = Duration.ofSeconds(60);

		/**
		 * TLS mode: DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY. Defaults
		 * to the driver's own default (PREFERRED).
		 */
		private @Nullable SslMode sslMode;

		/**
		 * Trust store holding the certificate authority of the servers, as a URL (for
		 * example file:/etc/ssl/mysql-truststore.p12).
		 */
		private @Nullable String trustStore;

		/**
		 * Password of the trust store.
		 */
		private @Nullable String trustStorePassword;

		/**
		 * Type of the trust store, for example PKCS12 or JKS.
		 */
		private @Nullable String trustStoreType;

		/**
		 * Name of a Spring Boot SSL bundle (spring.ssl.bundle.pem.* or
		 * spring.ssl.bundle.jks.*) holding the certificate authority of the servers and,
		 * for client certificate authentication, the client certificate and key. Takes
		 * the place of trust-store.
		 */
		private @Nullable String sslBundle;

		/**
		 * Whether to apply the driver defaults HikariCP recommends for MySQL (prepared
		 * statement cache, server-side prepared statements, local session state, batched
		 * rewrites, cached metadata, elided set-autocommit).
		 */
		private boolean tuned = true;

		/**
		 * Extra driver properties for every pool; they override the defaults. Properties
		 * in a JDBC URL override both.
		 */
		private final Map<String, String> properties = new LinkedHashMap<>();

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getSocketTimeout() {
			return this.socketTimeout;
		}

		public void setSocketTimeout(Duration socketTimeout) {
			this.socketTimeout = socketTimeout;
		}

		public @Nullable SslMode getSslMode() {
			return this.sslMode;
		}

		public void setSslMode(@Nullable SslMode sslMode) {
			this.sslMode = sslMode;
		}

		public @Nullable String getTrustStore() {
			return this.trustStore;
		}

		public void setTrustStore(@Nullable String trustStore) {
			this.trustStore = trustStore;
		}

		public @Nullable String getTrustStorePassword() {
			return this.trustStorePassword;
		}

		public void setTrustStorePassword(@Nullable String trustStorePassword) {
			this.trustStorePassword = trustStorePassword;
		}

		public @Nullable String getTrustStoreType() {
			return this.trustStoreType;
		}

		public void setTrustStoreType(@Nullable String trustStoreType) {
			this.trustStoreType = trustStoreType;
		}

		public @Nullable String getSslBundle() {
			return this.sslBundle;
		}

		public void setSslBundle(@Nullable String sslBundle) {
			this.sslBundle = sslBundle;
		}

		public boolean isTuned() {
			return this.tuned;
		}

		public void setTuned(boolean tuned) {
			this.tuned = tuned;
		}

		public Map<String, String> getProperties() {
			return this.properties;
		}

	}

	/**
	 * TLS modes of the MySQL driver.
	 */
	public enum SslMode {

		/**
		 * Plain connections.
		 */
		DISABLED,

		/**
		 * TLS when the server offers it.
		 */
		PREFERRED,

		/**
		 * TLS always, without checking the server certificate.
		 */
		REQUIRED,

		/**
		 * TLS always, with the server certificate checked against the trust store.
		 */
		VERIFY_CA,

		/**
		 * As VERIFY_CA, and the host name must match the certificate.
		 */
		VERIFY_IDENTITY

	}

	/**
	 * Which server takes the writes.
	 */
	public static class Topology {

		/**
		 * How the writer is found: none (the configured primary, always), read-only
		 * (every server is probed and writes go to the one writable server, following a
		 * switchover or failover), group-replication (the ONLINE PRIMARY member of a
		 * MySQL Group Replication or InnoDB Cluster group) or endpoint (the primary URL
		 * names a DNS endpoint or virtual IP that an outside system moves; the primary
		 * pool reconnects when its server turns read-only).
		 */
		private TopologyDiscovery discovery = TopologyDiscovery.NONE;

		public TopologyDiscovery getDiscovery() {
			return this.discovery;
		}

		public void setDiscovery(TopologyDiscovery discovery) {
			this.discovery = discovery;
		}

	}

}
