package io.github.mysqlpool.autoconfigure.monitor;

import java.time.Duration;

import io.github.mysqlpool.monitor.optimize.internal.OptimizerSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the pool size optimizer.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@ConfigurationProperties("mysql-pool.optimize")
public class MySqlPoolOptimizeProperties implements Validator {

	/**
	 * Number of application instances sharing each server; a pool is never sized above
	 * the server's max_connections divided by this.
	 */
	private int instances = 1;

	/**
	 * Whether to apply the recommendations on a schedule, not only on request.
	 */
	private boolean auto = false;

	/**
	 * Time between two automatic optimizations.
	 */
	private Duration autoInterval = Duration.ofMinutes(5);

	/**
	 * Smallest maximum pool size the optimizer suggests or applies.
	 */
	private int minimumPoolSize = 1;

	/**
	 * Largest maximum pool size the optimizer suggests or applies.
	 */
	private int maximumPoolSize = 50;

	/**
	 * Fraction added on top of the observed demand when sizing a pool.
	 */
	private double headroom = 0.2;

	/**
	 * 95th percentile of the connection wait above which a pool counts as too small.
	 */
	private Duration targetAcquireTime = Duration.ofMillis(50);

	/**
	 * CPU cores of the database servers; when set, pools are kept within HikariCP's
	 * formula of cores x 2 + 1.
	 */
	private @Nullable Integer serverCores;

	public int getInstances() {
		return this.instances;
	}

	public void setInstances(int instances) {
		this.instances = instances;
	}

	public boolean isAuto() {
		return this.auto;
	}

	public void setAuto(boolean auto) {
		this.auto = auto;
	}

	public Duration getAutoInterval() {
		return this.autoInterval;
	}

	public void setAutoInterval(Duration autoInterval) {
		this.autoInterval = autoInterval;
	}

	public int getMinimumPoolSize() {
		return this.minimumPoolSize;
	}

	public void setMinimumPoolSize(int minimumPoolSize) {
		this.minimumPoolSize = minimumPoolSize;
	}

	public int getMaximumPoolSize() {
		return this.maximumPoolSize;
	}

	public void setMaximumPoolSize(int maximumPoolSize) {
		this.maximumPoolSize = maximumPoolSize;
	}

	public double getHeadroom() {
		return this.headroom;
	}

	public void setHeadroom(double headroom) {
		this.headroom = headroom;
	}

	public Duration getTargetAcquireTime() {
		return this.targetAcquireTime;
	}

	public void setTargetAcquireTime(Duration targetAcquireTime) {
		this.targetAcquireTime = targetAcquireTime;
	}

	public @Nullable Integer getServerCores() {
		return this.serverCores;
	}

	public void setServerCores(@Nullable Integer serverCores) {
		this.serverCores = serverCores;
	}

	OptimizerSettings settings() {
		return new OptimizerSettings(this.minimumPoolSize, this.maximumPoolSize, this.instances, this.headroom,
				this.targetAcquireTime, this.serverCores);
	}

	@Override
	public boolean supports(Class<?> type) {
		return MySqlPoolOptimizeProperties.class.isAssignableFrom(type);
	}

	/**
	 * Check the bound properties.
	 * @param target these properties
	 * @param errors unused: an invalid value throws
	 * @throws io.github.mysqlpool.autoconfigure.InvalidMySqlPoolPropertyException naming
	 * the first invalid property and the fix
	 */
	@Override
	public void validate(Object target, Errors errors) {
		MonitorPropertiesValidator.validate((MySqlPoolOptimizeProperties) target);
	}

}
