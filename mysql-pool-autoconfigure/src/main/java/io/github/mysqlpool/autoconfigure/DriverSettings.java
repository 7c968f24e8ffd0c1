package io.github.mysqlpool.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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
import org.springframework.util.ResourceUtils;

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

	private @Nullable String trustStoreCopy;

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
		String trustStore = this.driver.getTrustStore();
		if (trustStore != null && this.driver.getTrustStorePassword() != null) {
			putStore(properties, mariaDbDriver ? "trustStore" : "trustCertificateKeyStore", passwordlessTrustStore());
		}
		else if (trustStore != null) {
			properties.put(mariaDbDriver ? "trustStore" : "trustCertificateKeyStoreUrl", trustStore);
			if (this.driver.getTrustStoreType() != null) {
				properties.put(mariaDbDriver ? "trustStoreType" : "trustCertificateKeyStoreType",
						this.driver.getTrustStoreType());
			}
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
	 * The trust store of mysql-pool.driver.trust-store, read with its password and
	 * written once for all pools without one: the driver then gets no password property,
	 * which HikariCP's DEBUG configuration dump would show.
	 */
	private String passwordlessTrustStore() {
		if (this.trustStoreCopy == null) {
			String location = Objects.requireNonNull(this.driver.getTrustStore());
			String password = Objects.requireNonNull(this.driver.getTrustStorePassword());
			String type = (this.driver.getTrustStoreType() != null) ? this.driver.getTrustStoreType()
					: KeyStore.getDefaultType();
			KeyStore store;
			try (InputStream in = ResourceUtils.getURL(location).openStream()) {
				store = KeyStore.getInstance(type);
				store.load(in, password.toCharArray());
			}
			catch (IOException | GeneralSecurityException ex) {
				throw new InvalidMySqlPoolPropertyException("mysql-pool.driver.trust-store", location,
						"it cannot be read as a " + type + " trust store with the given password ("
								+ ex.getClass().getSimpleName() + ")",
						"Give the location of a readable trust store (a file: or classpath: URL or a path),"
								+ " its type in mysql-pool.driver.trust-store-type and its password in"
								+ " mysql-pool.driver.trust-store-password, or use mysql-pool.driver.ssl-bundle.");
			}
			this.trustStoreCopy = SslBundleStores.writeTrustStore(store);
		}
		return this.trustStoreCopy;
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
