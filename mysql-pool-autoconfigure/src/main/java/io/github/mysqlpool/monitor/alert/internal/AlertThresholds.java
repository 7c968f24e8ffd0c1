package io.github.mysqlpool.monitor.alert.internal;

import io.github.mysqlpool.monitor.alert.AlertSeverity;
import org.jspecify.annotations.Nullable;

/**
 * The two thresholds of one alert rule.
 *
 * @param warning value from which a warning is raised, {@code null} for none
 * @param critical value from which a critical alert is raised, {@code null} for none
 * @author mysql-pool team
 * @since 0.1.0
 */
public record AlertThresholds(@Nullable Double warning, @Nullable Double critical) {

	@Nullable Double of(AlertSeverity severity) {
		return (severity == AlertSeverity.WARNING) ? this.warning : this.critical;
	}

}
