package io.github.mysqlpool.metrics.internal;

import io.github.mysqlpool.topology.internal.TopologyMonitor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of topology discovery, read from the topology monitor:
 * <ul>
 * <li>{@code mysqlpool.topology.primary} per server: 1 for the server that takes the
 * writes, 0 for the others;</li>
 * <li>{@code mysqlpool.topology.writable} per server: 1 when its last probe found it
 * writable;</li>
 * <li>{@code mysqlpool.topology.split.brain}: 1 while more than one server is
 * writable;</li>
 * <li>{@code mysqlpool.topology.no.primary}: 1 while no server takes writes;</li>
 * <li>{@code mysqlpool.topology.primary.changes}: changes of writer since start-up.</li>
 * </ul>
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class TopologyMeterBinder implements MeterBinder {

	private final TopologyMonitor topology;

	/**
	 * Create the binder.
	 * @param topology the topology monitor
	 */
	public TopologyMeterBinder(TopologyMonitor topology) {
		this.topology = topology;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String server : this.topology.getRoles().keySet()) {
			Gauge
				.builder("mysqlpool.topology.primary", this.topology,
						(monitor) -> server.equals(monitor.getWriter()) ? 1 : 0)
				.tag("server", server)
				.description("Whether the server takes the writes (1) or not (0)")
				.register(registry);
			Gauge.builder("mysqlpool.topology.writable", this.topology, (monitor) -> {
				var role = monitor.getRoles().get(server);
				return (role != null && role.isWritable()) ? 1 : 0;
			})
				.tag("server", server)
				.description("Whether the server's last probe found it writable")
				.register(registry);
		}
		Gauge.builder("mysqlpool.topology.split.brain", this.topology, (monitor) -> monitor.isSplitBrain() ? 1 : 0)
			.description("Whether more than one server is writable")
			.register(registry);
		Gauge
			.builder("mysqlpool.topology.no.primary", this.topology, (monitor) -> (monitor.getWriter() == null) ? 1 : 0)
			.description("Whether no server takes writes, so that writes fail")
			.register(registry);
		FunctionCounter.builder("mysqlpool.topology.primary.changes", this.topology, TopologyMonitor::getWriterChanges)
			.description("Changes of the server that takes the writes")
			.register(registry);
	}

}
