package io.github.mysqlpool.health.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * Adds the {@code mysqlpool} contributor to the {@code readiness} health group, where
 * there is one (Boot's availability probes, or a group of that name), and leaves every
 * other group, {@code liveness} included, as it is. A readiness group whose members the
 * user lists ({@code management.endpoint.health.group.readiness.include}) is left as it
 * is too. The readiness group then goes DOWN with the primary; a replica never takes it
 * down.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class MySqlPoolReadinessGroupPostProcessor implements HealthEndpointGroupsPostProcessor {

	/**
	 * Name of the group the contributor joins.
	 */
	public static final String READINESS = "readiness";

	private final @Nullable String contributor;

	/**
	 * Create the post-processor.
	 * @param contributor name of the contributor to add, {@code mysqlpool}, or
	 * {@code null} to leave the group alone (its members are configured)
	 */
	public MySqlPoolReadinessGroupPostProcessor(@Nullable String contributor) {
		this.contributor = contributor;
	}

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		String contributor = this.contributor;
		HealthEndpointGroup readiness = groups.get(READINESS);
		if (contributor == null || readiness == null || readiness.isMember(contributor)) {
			return groups;
		}
		Map<String, HealthEndpointGroup> all = new LinkedHashMap<>();
		for (String name : groups.getNames()) {
			all.put(name, groups.get(name));
		}
		all.put(READINESS, new WithContributor(readiness, contributor));
		return HealthEndpointGroups.of(groups.getPrimary(), all);
	}

	/**
	 * A group with one more member.
	 */
	private record WithContributor(HealthEndpointGroup group, String contributor) implements HealthEndpointGroup {

		@Override
		public boolean isMember(String name) {
			return this.group.isMember(name) || name.equals(this.contributor)
					|| name.startsWith(this.contributor + "/");
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return this.group.showComponents(securityContext);
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return this.group.showDetails(securityContext);
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.group.getStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.group.getHttpCodeStatusMapper();
		}

		@Override
		public AdditionalHealthEndpointPath getAdditionalPath() {
			return this.group.getAdditionalPath();
		}

	}

}
