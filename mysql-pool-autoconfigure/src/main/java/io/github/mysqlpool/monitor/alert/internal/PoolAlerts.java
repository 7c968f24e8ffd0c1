package io.github.mysqlpool.monitor.alert.internal;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.mysqlpool.internal.EventLog;
import io.github.mysqlpool.monitor.alert.Alert;
import io.github.mysqlpool.monitor.alert.AlertRaisedEvent;
import io.github.mysqlpool.monitor.alert.AlertResolvedEvent;
import io.github.mysqlpool.monitor.alert.AlertRule;
import io.github.mysqlpool.monitor.alert.AlertSeverity;
import io.github.mysqlpool.monitor.history.internal.PoolHistory;
import io.github.mysqlpool.monitor.history.internal.PoolSample;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Raises and resolves alerts from each new pool sample. Each rule has a warning and a
 * critical threshold, each its own alert. Hysteresis keeps alerts from flapping: an alert
 * is raised once its value has reached the threshold in {@code raiseAfter} consecutive
 * samples, and resolved only once the value has stayed below the threshold less the
 * hysteresis margin for {@code resolveAfter} consecutive samples. Raising and resolving
 * are logged once and published as {@link AlertRaisedEvent} and
 * {@link AlertResolvedEvent}.
 * <p>
 * The availability rules ({@link AlertRule#PRIMARY_UNAVAILABLE},
 * {@link AlertRule#SPLIT_BRAIN}, {@link AlertRule#REPLICA_UNAVAILABLE}) have no
 * threshold: each is raised at the first evaluation that finds its condition in
 * {@link ServerAvailability}, and resolved at the first that no longer does.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class PoolAlerts {

	private static final EventLog eventLog = EventLog.of(PoolAlerts.class);

	private final Map<AlertRule, AlertThresholds> rules;

	private final double hysteresis;

	private final int raiseAfter;

	private final int resolveAfter;

	private final int resolvedToKeep;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	private final Map<Key, RuleState> states = new HashMap<>();

	private final Deque<Alert> resolved = new ArrayDeque<>();

	private volatile @Nullable ServerAvailability availability;

	/**
	 * Create the evaluator.
	 * @param rules the thresholds of each rule evaluated
	 * @param hysteresis fraction of a threshold a value must fall below it to count
	 * towards resolving, for example 0.1
	 * @param raiseAfter consecutive samples at or above a threshold that raise an alert
	 * @param resolveAfter consecutive samples below the threshold less the margin that
	 * resolve it
	 * @param resolvedToKeep resolved alerts kept for the endpoint
	 * @param publisher where events are published
	 * @param clock the clock
	 */
	public PoolAlerts(Map<AlertRule, AlertThresholds> rules, double hysteresis, int raiseAfter, int resolveAfter,
			int resolvedToKeep, ApplicationEventPublisher publisher, Clock clock) {
		this.rules = new EnumMap<>(rules);
		this.hysteresis = hysteresis;
		this.raiseAfter = raiseAfter;
		this.resolveAfter = resolveAfter;
		this.resolvedToKeep = resolvedToKeep;
		this.publisher = publisher;
		this.clock = clock;
	}

	/**
	 * Evaluate every rule on a pool's latest sample.
	 * @param pool the pool name
	 * @param sample its latest sample, already added to the history
	 * @param history the pool's samples
	 */
	public void evaluate(String pool, PoolSample sample, PoolHistory history) {
		List<Runnable> publications = new ArrayList<>();
		synchronized (this) {
			this.rules.forEach((rule, thresholds) -> {
				Double value = RuleValues.value(rule, pool, sample, history);
				if (value != null) {
					for (AlertSeverity severity : AlertSeverity.values()) {
						Double threshold = thresholds.of(severity);
						if (threshold != null) {
							evaluate(new Key(rule, pool, severity), value, threshold, publications);
						}
					}
				}
			});
		}
		publications.forEach(Runnable::run);
	}

	/**
	 * Read the servers' availability from this source on every
	 * {@link #evaluateAvailability()}.
	 * @param availability the source, {@code null} for none
	 */
	public void setServerAvailability(@Nullable ServerAvailability availability) {
		this.availability = availability;
	}

	/**
	 * Raise an availability alert for each condition that holds now and is not raised
	 * yet, and resolve those whose condition no longer holds.
	 */
	public void evaluateAvailability() {
		ServerAvailability source = this.availability;
		if (source == null) {
			return;
		}
		List<ServerAvailability.Condition> conditions = source.current();
		List<Runnable> publications = new ArrayList<>();
		synchronized (this) {
			List<Key> holding = new ArrayList<>();
			for (ServerAvailability.Condition condition : conditions) {
				Key key = new Key(condition.rule(), condition.pool(), condition.severity());
				holding.add(key);
				RuleState state = this.states.computeIfAbsent(key, (k) -> new RuleState());
				if (state.active == null) {
					Alert alert = new Alert(key.severity, key.rule.id(), key.pool, 1, 1, 1, key.rule.unit(),
							this.clock.instant(), null);
					state.active = alert;
					publications.add(() -> raised(alert));
				}
			}
			this.states.forEach((key, state) -> {
				if (state.active != null && RuleValues.isAvailability(key.rule) && !holding.contains(key)) {
					publications.add(resolve(state));
				}
			});
		}
		publications.forEach(Runnable::run);
	}

	private Runnable resolve(RuleState state) {
		Alert current = state.active;
		Alert done = new Alert(current.severity(), current.rule(), current.pool(), current.value(), current.peakValue(),
				current.threshold(), current.unit(), current.raisedAt(), this.clock.instant());
		state.active = null;
		state.high = 0;
		if (this.resolved.size() == this.resolvedToKeep) {
			this.resolved.removeFirst();
		}
		this.resolved.addLast(done);
		return () -> resolvedNow(done);
	}

	private void evaluate(Key key, double value, double threshold, List<Runnable> publications) {
		RuleState state = this.states.computeIfAbsent(key, (k) -> new RuleState());
		if (state.active == null) {
			state.high = (value >= threshold) ? state.high + 1 : 0;
			if (state.high >= this.raiseAfter) {
				Alert alert = new Alert(key.severity, key.rule.id(), key.pool, value, value, threshold, key.rule.unit(),
						this.clock.instant(), null);
				state.active = alert;
				state.low = 0;
				publications.add(() -> raised(alert));
			}
			return;
		}
		Alert active = state.active;
		if (value > active.peakValue()) {
			state.active = new Alert(active.severity(), active.rule(), active.pool(), active.value(), value,
					active.threshold(), active.unit(), active.raisedAt(), null);
		}
		state.low = (value < threshold * (1 - this.hysteresis)) ? state.low + 1 : 0;
		if (state.low >= this.resolveAfter) {
			publications.add(resolve(state));
		}
	}

	private void raised(Alert alert) {
		String message = "mysql-pool alert raised: " + AlertText.describe(alert);
		Object[] fields = fields("alert-raised", alert);
		if (alert.severity() == AlertSeverity.CRITICAL) {
			eventLog.error(message, fields);
		}
		else {
			eventLog.warn(message, fields);
		}
		this.publisher.publishEvent(new AlertRaisedEvent(this, alert));
	}

	private void resolvedNow(Alert alert) {
		eventLog.info("mysql-pool alert resolved: " + alert.severity() + " " + alert.rule() + " on pool '"
				+ alert.pool() + "' (raised at " + alert.raisedAt() + ", peak " + AlertText.format(alert.peakValue())
				+ alert.unit() + ")", fields("alert-resolved", alert));
		this.publisher.publishEvent(new AlertResolvedEvent(this, alert));
	}

	private static Object[] fields(String event, Alert alert) {
		return new Object[] { "mysqlpool.event", event, "mysqlpool.pool", alert.pool(), "mysqlpool.alert.rule",
				alert.rule(), "mysqlpool.alert.severity", alert.severity(), "mysqlpool.alert.value", alert.value(),
				"mysqlpool.alert.peak_value", alert.peakValue(), "mysqlpool.alert.threshold", alert.threshold() };
	}

	/**
	 * The alerts active now, the most severe first.
	 * @return the active alerts
	 */
	public synchronized List<Alert> active() {
		List<Alert> active = new ArrayList<>();
		for (RuleState state : this.states.values()) {
			if (state.active != null) {
				active.add(state.active);
			}
		}
		active.sort(Comparator.comparing(Alert::severity).reversed().thenComparing(Alert::raisedAt));
		return active;
	}

	/**
	 * The alerts resolved recently, the latest first.
	 * @return the resolved alerts, at most the configured number
	 */
	public synchronized List<Alert> resolved() {
		List<Alert> list = new ArrayList<>(this.resolved);
		Collections.reverse(list);
		return list;
	}

	/**
	 * Number of active alerts of a severity.
	 * @param severity the severity
	 * @return the count
	 */
	public synchronized int activeCount(AlertSeverity severity) {
		int count = 0;
		for (RuleState state : this.states.values()) {
			if (state.active != null && state.active.severity() == severity) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Identity of one alert: a rule's threshold of one severity on one pool.
	 */
	private record Key(AlertRule rule, String pool, AlertSeverity severity) {

	}

	/**
	 * Hysteresis counters and the active alert of one key.
	 */
	private static final class RuleState {

		private int high;

		private int low;

		private @Nullable Alert active;

	}

}
