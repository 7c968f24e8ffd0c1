package io.github.mysqlpool.jpa.internal;

import java.util.Map;
import java.util.function.Supplier;

import io.github.mysqlpool.pool.internal.InspectedServer;
import io.github.mysqlpool.pool.internal.ServerFlavor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;

/**
 * Makes Hibernate work with read/write routing:
 * <ul>
 * <li>connections are acquired when first needed and released after each transaction
 * ({@code DELAYED_ACQUISITION_AND_RELEASE_AFTER_TRANSACTION}), so that one session, for
 * example one bound to a web request by open-in-view, can read on a replica and then
 * write on the primary. Spring's own default holds the first connection for the whole
 * session;</li>
 * <li>Hibernate is told the real product and version of the primary, as inspected at
 * start-up with {@code SELECT VERSION()}: MySQL Connector/J reports MariaDB as MySQL (and
 * old MariaDB versions as 5.5.5), which picks the wrong dialect or a "no longer
 * supported" warning. This also applies to an application whose only data source is
 * Boot's own, with no replicas.</li>
 * </ul>
 * Settings the application makes itself are left as they are.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class MySqlPoolHibernatePropertiesCustomizer implements HibernatePropertiesCustomizer {

	/** Hibernate's {@code AvailableSettings.CONNECTION_HANDLING}. */
	public static final String CONNECTION_HANDLING = "hibernate.connection.handling_mode";

	/** The connection handling that lets a session move between pools. */
	public static final String RELEASE_AFTER_TRANSACTION = "DELAYED_ACQUISITION_AND_RELEASE_AFTER_TRANSACTION";

	static final String DIALECT = "hibernate.dialect";

	static final String PRODUCT_NAME = "jakarta.persistence.database-product-name";

	static final String VERSION = "jakarta.persistence.database-version";

	static final String MAJOR_VERSION = "jakarta.persistence.database-major-version";

	static final String MINOR_VERSION = "jakarta.persistence.database-minor-version";

	private static final Log logger = LogFactory.getLog(MySqlPoolHibernatePropertiesCustomizer.class);

	private final Supplier<@Nullable InspectedServer> primaryServer;

	private final boolean routing;

	/**
	 * Create the customizer.
	 * @param primaryServer what the primary's server says about itself, asked when
	 * Hibernate starts; {@code null} when unknown
	 * @param routing whether sessions are routed between pools, which needs connections
	 * released after each transaction
	 */
	public MySqlPoolHibernatePropertiesCustomizer(Supplier<@Nullable InspectedServer> primaryServer, boolean routing) {
		this.primaryServer = primaryServer;
		this.routing = routing;
	}

	@Override
	public void customize(Map<String, Object> hibernateProperties) {
		if (this.routing) {
			hibernateProperties.putIfAbsent(CONNECTION_HANDLING, RELEASE_AFTER_TRANSACTION);
		}
		if (hibernateProperties.containsKey(DIALECT) || hibernateProperties.containsKey(PRODUCT_NAME)) {
			return;
		}
		InspectedServer server = this.primaryServer.get();
		if (server == null) {
			if (this.routing) {
				logger
					.info("The primary's version is unknown; Hibernate detects the dialect from the driver's metadata");
			}
			return;
		}
		ServerFlavor version = server.version();
		hibernateProperties.put(PRODUCT_NAME, version.productName());
		hibernateProperties.put(VERSION, version.major() + "." + version.minor());
		hibernateProperties.put(MAJOR_VERSION, version.major());
		hibernateProperties.put(MINOR_VERSION, version.minor());
	}

}
