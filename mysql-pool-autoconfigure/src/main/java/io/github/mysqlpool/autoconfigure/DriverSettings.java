package io.github.mysqlpool.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.Driver;
import io.github.mysqlpool.autoconfigure.MySqlPoolProperties.SslMode;
import io.github.mysqlpool.internal.JdbcUrls;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.MySqlPoolCustomizer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.Ordered;

/**
 * Gives each pool that opens connections through MySQL Connector/J or MariaDB Connector/J
 * from a JDBC URL the driver defaults of {@code mysql-pool.driver.*}: the tuned settings,
 * timeouts, TLS and character set, then the user's extra properties. A property the
 * pool's URL or the pool itself already sets is left as it is, so that the URL, the
 * pool's own settings (an adopted primary's
 * {@code spring.datasource.hikari.data-source-properties}) and its session settings win.
 *
 * @author mysql-pool team
 */
class DriverSettings implements MySqlPoolCustomizer, Ordered {

	private final Driver driver;

	private final @Nullable SslBundles sslBundles;

	private @Nullable SslBundleStores sslStores;

	DriverSettings(Driver driver, @Nullable SslBundles sslBundles) {
		this.driver = driver;
		this.sslBundles = sslBundles;
	}

	@Override
	public void customize(MySqlPool pool, HikariDataSource dataSource) {
		String url = dataSource.getJdbcUrl();
		if (url == null || dataSource.getDataSource() != null || dataSource.getDataSourceClassName() != null
				|| !(url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:"))) {
			return;
		}
		Properties own = dataSource.getDataSourceProperties();
		driverProperties(url).forEach((name, value) -> {
			if (!own.containsKey(name)) {
				dataSource.addDataSourceProperty(name, value);
			}
		});
	}

	@Override
	public int getOrder() {
		return DRIVER_SETTINGS_ORDER;
	}

	/**
	 * The driver properties of a pool: the tuned defaults, then the timeouts, TLS and
	 * character set, then the user's extra properties. Properties the URL sets are left
	 * out, so the URL always wins.
	 * @param url the pool's JDBC URL
	 * @return the properties to pass to the driver
	 */
	Map<String, String> driverProperties(String url) {
		boolean mariaDbDriver = JdbcUrls.isMariaDbDriverUrl(url);
		Map<String, String> properties = new LinkedHashMap<>();
		if (this.driver.isTuned()) {
			properties.put("cachePrepStmts", "true");
			properties.put("prepStmtCacheSize", "250");
			properties.put("useServerPrepStmts", "true");
			if (!mariaDbDriver) {
				properties.put("prepStmtCacheSqlLimit", "2048");
				properties.put("useLocalSessionState", "true");
				properties.put("rewriteBatchedStatements", "true");
				properties.put("cacheResultSetMetadata", "true");
				properties.put("cacheServerConfiguration", "true");
				properties.put("elideSetAutoCommits", "true");
				properties.put("maintainTimeStats", "false");
			}
		}
		properties.put("connectTimeout", Long.toString(this.driver.getConnectTimeout().toMillis()));
		properties.put("socketTimeout", Long.toString(this.driver.getSocketTimeout().toMillis()));
		if (!mariaDbDriver) {
			// Connector/J maps UTF-8 to utf8mb4
			properties.put("characterEncoding", "UTF-8");
		}
		SslMode sslMode = this.driver.getSslMode();
		if (sslMode != null) {
			properties.put("sslMode", mariaDbDriver ? mariaDbSslMode(sslMode) : sslMode.name());
		}
		if (this.driver.getTrustStore() != null) {
			properties.put(mariaDbDriver ? "trustStore" : "trustCertificateKeyStoreUrl", this.driver.getTrustStore());
		}
		if (this.driver.getTrustStorePassword() != null) {
			properties.put(mariaDbDriver ? "trustStorePassword" : "trustCertificateKeyStorePassword",
					this.driver.getTrustStorePassword());
		}
		if (this.driver.getTrustStoreType() != null) {
			properties.put(mariaDbDriver ? "trustStoreType" : "trustCertificateKeyStoreType",
					this.driver.getTrustStoreType());
		}
		SslBundleStores stores = sslStores();
		if (stores != null) {
			putStore(properties, mariaDbDriver ? "trustStore" : "trustCertificateKeyStore", stores.trustStoreUrl());
			putStore(properties, mariaDbDriver ? "keyStore" : "clientCertificateKeyStore", stores.keyStoreUrl());
		}
		properties.putAll(this.driver.getProperties());
		properties.keySet().removeIf((name) -> JdbcUrls.hasParameter(url, name));
		return properties;
	}

	/**
	 * A store written for the SSL bundle, which has no password: no password property
	 * then, so none appears in HikariCP's DEBUG configuration dump.
	 */
	private static void putStore(Map<String, String> properties, String prefix, @Nullable String url) {
		if (url != null) {
			boolean mariaDb = prefix.endsWith("Store") && !prefix.contains("Certificate");
			properties.put(prefix + (mariaDb ? "" : "Url"), url);
			properties.put(prefix + "Type", "PKCS12");
		}
	}

	/**
	 * The stores of mysql-pool.driver.ssl-bundle, written once for all pools.
	 */
	private @Nullable SslBundleStores sslStores() {
		String name = this.driver.getSslBundle();
		if (name == null) {
			return null;
		}
		if (this.sslStores == null) {
			if (this.sslBundles == null) {
				throw new InvalidMySqlPoolPropertyException("mysql-pool.driver.ssl-bundle", name,
						"there are no SSL bundles", "Define it under spring.ssl.bundle.pem." + name
								+ " or spring.ssl.bundle.jks." + name + ", or remove the property.");
			}
			SslBundle bundle;
			try {
				bundle = this.sslBundles.getBundle(name);
			}
			catch (NoSuchSslBundleException ex) {
				throw new InvalidMySqlPoolPropertyException("mysql-pool.driver.ssl-bundle", name,
						"there is no SSL bundle of that name", "Define it under spring.ssl.bundle.pem." + name
								+ " or spring.ssl.bundle.jks." + name + ", or set the name of an existing bundle.");
			}
			this.sslStores = SslBundleStores.write(name, bundle);
		}
		return this.sslStores;
	}

	private static String mariaDbSslMode(SslMode sslMode) {
		return switch (sslMode) {
			case DISABLED, PREFERRED -> "disable";
			case REQUIRED -> "trust";
			case VERIFY_CA -> "verify-ca";
			case VERIFY_IDENTITY -> "verify-full";
		};
	}

}
