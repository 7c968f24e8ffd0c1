package io.github.mysqlpool.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Observations (tracing) of the starter's routing and retry attempts.
 *
 * @author mysql-pool team
 */
@ConfigurationProperties("mysql-pool.observations")
public class MySqlPoolObservationProperties {

	/**
	 * Whether each borrow and each retried attempt is a Micrometer observation (a span
	 * with a tracer, a timer with a meter registry), with the pool, server, route,
	 * fallback, read-your-writes fence, attempt and replica lag. Needs an
	 * ObservationRegistry bean.
	 */
	private boolean enabled;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
