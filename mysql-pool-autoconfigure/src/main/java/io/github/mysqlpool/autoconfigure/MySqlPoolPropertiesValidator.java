package io.github.mysqlpool.autoconfigure;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Replica;
import io.github.mysqlpool.internal.JdbcUrls;
import io.github.mysqlpool.topology.TopologyDiscovery;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * Checks the {@code mysql-pool.*} server and pool properties when they are bound, before
 * any pool is built, failing with an {@link InvalidMySqlPoolPropertyException} that names
 * the property and the fix.
 *
 * @author mysql-pool team
 */
final class MySqlPoolPropertiesValidator {

	private MySqlPoolPropertiesValidator() {
	}

	/**
	 * Validate the properties as they are bound.
	 * @param properties the bound properties
	 * @param environment the environment they come from, which tells where the primary
	 * comes from, or {@code null} to take it from {@code mysql-pool.primary.*}
	 */
	static void validate(MySqlPoolProperties properties, @Nullable Environment environment) {
		// Where the primary comes from, as MySqlPoolConditions decide it
		String primaryUrl = properties.getPrimary().getUrl();
		boolean ownPrimary = (primaryUrl != null && !primaryUrl.isBlank()) || (!properties.getReplicas().isEmpty()
				&& (environment == null || !MySqlPoolConditions.hasBootDataSourceUrl(environment)));
		String password = ownPrimary ? properties.getPrimary().getPassword()
				: (environment != null) ? environment.getProperty("spring.datasource.password") : null;
		validate(properties, ownPrimary, password);
	}

	/**
	 * Validate the properties.
	 * @param properties the bound properties
	 * @param ownPrimary whether the starter builds the primary pool from
	 * {@code mysql-pool.primary.*} (rather than adopting the application's data source)
	 * @param password the password the replicas inherit: the primary's
	 */
	static void validate(MySqlPoolProperties properties, boolean ownPrimary, @Nullable String password) {
		PoolSettingsValidator.checkShared(properties.getPool(), properties.getDriver());
		if (ownPrimary) {
			String url = properties.getPrimary().getUrl();
			if (url == null || url.isBlank()) {
				throw new InvalidMySqlPoolPropertyException("mysql-pool.primary.url", null,
						"the primary URL is required when mysql-pool.replicas are configured",
						"Set mysql-pool.primary.url (for example jdbc:mysql://db-host:3306/app), or set "
								+ "spring.datasource.url to keep Boot's own pool as the primary.");
			}
			checkUrl("mysql-pool.primary.url", url, properties.getPrimary().getPassword());
			PoolSettingsValidator.checkPool("mysql-pool.primary.pool", properties.getPrimary().getPool(),
					properties.getPool());
		}
		checkReplicas(properties, password);
		checkTopology(properties, ownPrimary);
	}

	/**
	 * Discovery chooses the writer among distinct servers: a server listed twice would be
	 * two writable servers forever, and read-only discovery needs the starter's own
	 * primary pool to build every server's write pool from the same settings.
	 */
	private static void checkTopology(MySqlPoolProperties properties, boolean ownPrimary) {
		TopologyDiscovery discovery = properties.getTopology().getDiscovery();
		if (discovery == TopologyDiscovery.NONE) {
			return;
		}
		if (discovery.choosesAmongServers() && !ownPrimary) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.topology.discovery",
					discovery.name().toLowerCase(Locale.ROOT).replace('_', '-'),
					"discovery among the servers needs the primary pool built by the starter, and the primary comes from "
							+ "spring.datasource",
					"Move the primary's URL and credentials to mysql-pool.primary.*, or set "
							+ "mysql-pool.topology.discovery to endpoint or none.");
		}
		if (discovery.choosesAmongServers() && properties.getReplicas().isEmpty()) {
			throw new InvalidMySqlPoolPropertyException("mysql-pool.topology.discovery",
					discovery.name().toLowerCase(Locale.ROOT).replace('_', '-'),
					"discovery among the servers chooses the writer among the configured servers, and no replica is configured",
					"Configure mysql-pool.replicas, or set mysql-pool.topology.discovery to endpoint (a DNS name "
							+ "or virtual IP that follows the primary) or none.");
		}
		Map<String, String> servers = new HashMap<>();
		String primaryUrl = properties.getPrimary().getUrl();
		if (ownPrimary && primaryUrl != null) {
			servers.put(serverOf(primaryUrl), "mysql-pool.primary.url");
		}
		for (int i = 0; i < properties.getReplicas().size(); i++) {
			String property = "mysql-pool.replicas[" + i + "].url";
			String url = properties.getReplicas().get(i).getUrl();
			String earlier = (url != null) ? servers.putIfAbsent(serverOf(url), property) : null;
			if (earlier != null) {
				throw new InvalidMySqlPoolPropertyException(property, JdbcUrls.redact(url),
						"it names the same server as " + earlier + ", and topology discovery needs each server once",
						"Remove the duplicate entry, or point " + property + " at another server.");
			}
		}
	}

	/**
	 * Check that no replica pool takes the name of the adopted primary, which the
	 * application may have named itself ({@code spring.datasource.hikari.pool-name}).
	 * @param properties the bound properties
	 * @param primaryName the adopted primary's pool name
	 */
	static void validateAdoptedPrimaryName(MySqlPoolProperties properties, String primaryName) {
		for (int i = 0; i < properties.getReplicas().size(); i++) {
			if (properties.replicaName(i).equals(primaryName)) {
				String prefix = "mysql-pool.replicas[" + i + "]";
				throw new InvalidMySqlPoolPropertyException(prefix + ".name", primaryName,
						"the primary adopted from spring.datasource is named '" + primaryName + "' already",
						"Give " + prefix + ".name another name, or rename the primary with "
								+ "spring.datasource.hikari.pool-name.");
			}
		}
	}

	private static String serverOf(String url) {
		String server = JdbcUrls.hostAndPort(url);
		return (server != null) ? server.toLowerCase(Locale.ROOT) : url;
	}

	private static void checkReplicas(MySqlPoolProperties properties, @Nullable String password) {
		List<Replica> replicas = properties.getReplicas();
		Set<String> names = new HashSet<>();
		names.add("primary");
		for (int i = 0; i < replicas.size(); i++) {
			Replica replica = replicas.get(i);
			String prefix = "mysql-pool.replicas[" + i + "]";
			String url = replica.getUrl();
			if (url == null || url.isBlank()) {
				throw new InvalidMySqlPoolPropertyException(prefix + ".url", null, "every replica needs a URL",
						"Set " + prefix + ".url (for example jdbc:mysql://replica-host:3306/app) or remove the entry.");
			}
			checkUrl(prefix + ".url", url, MySqlPoolAutoConfiguration.replicaPassword(replica, password));
			String name = properties.replicaName(i);
			if (!names.add(name)) {
				throw new InvalidMySqlPoolPropertyException(prefix + ".name", name,
						"pool names must be unique and 'primary' is taken", "Give " + prefix
								+ ".name a name no other pool uses, or leave it unset for 'replica-" + (i + 1) + "'.");
			}
			if (replica.getWeight() < 1) {
				throw new InvalidMySqlPoolPropertyException(prefix + ".weight", replica.getWeight(),
						"the weight must be at least 1", "Set " + prefix + ".weight to 1 or more.");
			}
			PoolSettingsValidator.checkPool(prefix + ".pool", replica.getPool(), properties.getPool());
		}
	}

	private static void checkUrl(String property, String url, @Nullable String password) {
		if (!url.startsWith("jdbc:mysql:") && !url.startsWith("jdbc:mariadb:")) {
			throw new InvalidMySqlPoolPropertyException(property, JdbcUrls.redact(url),
					"the URL must start with jdbc:mysql: or jdbc:mariadb:",
					"Use a MySQL or MariaDB JDBC URL, for example jdbc:mysql://db-host:3306/app.");
		}
		PoolUrl poolUrl = PoolUrl.of(url, password);
		if (poolUrl.problem() != null) {
			String passwordProperty = property.substring(0, property.length() - "url".length()) + "password";
			throw new InvalidMySqlPoolPropertyException(property, JdbcUrls.redact(url), poolUrl.problem(),
					"Remove the passwords from the URL and set " + passwordProperty
							+ " (one password for every host of the URL), or give each server its own pool.");
		}
		checkDriverAccepts(property, url, poolUrl.url());
	}

	/**
	 * Fail here, naming the property and the dependency, rather than in HikariCP, whose
	 * message shows the URL.
	 */
	private static void checkDriverAccepts(String property, String url, String urlWithoutSecrets) {
		try {
			DriverManager.getDriver(urlWithoutSecrets);
		}
		catch (SQLException ex) {
			boolean mariaDb = JdbcUrls.isMariaDbDriverUrl(url);
			throw new InvalidMySqlPoolPropertyException(property, JdbcUrls.redact(url),
					"no JDBC driver on the class path accepts the URL",
					mariaDb ? "Add MariaDB Connector/J (org.mariadb.jdbc:mariadb-java-client) to the dependencies, "
							+ "or use a jdbc:mysql: URL with MySQL Connector/J."
							: "Add MySQL Connector/J (com.mysql:mysql-connector-j) to the dependencies, or use a "
									+ "jdbc:mariadb: URL with MariaDB Connector/J.");
		}
	}

}
