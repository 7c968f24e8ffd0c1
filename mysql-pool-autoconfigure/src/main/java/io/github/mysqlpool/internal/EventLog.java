package io.github.mysqlpool.internal;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.util.ClassUtils;

/**
 * Log of the starter's own events (a replica out of or back in rotation, a change of
 * primary, an alert, a retry): the message as before, and each field as an SLF4J
 * key-value pair, which Spring Boot's structured logging (ECS, Logstash, GELF) writes as
 * a field of its own. Without SLF4J the message alone goes to Commons Logging. Keys are
 * named {@code mysqlpool.*}. Internal to the starter; not an API.
 *
 * @author mysql-pool team
 */
public final class EventLog {

	private static final boolean SLF4J_PRESENT = ClassUtils.isPresent("org.slf4j.spi.LoggingEventBuilder",
			EventLog.class.getClassLoader());

	private final Log log;

	private final @Nullable Object slf4j;

	private EventLog(Class<?> type) {
		this.log = LogFactory.getLog(type);
		this.slf4j = (SLF4J_PRESENT) ? Slf4j.logger(type) : null;
	}

	/**
	 * Event log named after a class, as its Commons Logging log is.
	 * @param type the class
	 * @return the event log
	 */
	public static EventLog of(Class<?> type) {
		return new EventLog(type);
	}

	/**
	 * Log an event at INFO.
	 * @param message the message
	 * @param keyValues keys and values, alternating; {@code null} values are left out
	 */
	public void info(String message, @Nullable Object... keyValues) {
		if (this.slf4j != null) {
			Slf4j.log(this.slf4j, Slf4j.INFO, message, keyValues);
		}
		else {
			this.log.info(message);
		}
	}

	/**
	 * Log an event at WARN.
	 * @param message the message
	 * @param keyValues keys and values, alternating; {@code null} values are left out
	 */
	public void warn(String message, @Nullable Object... keyValues) {
		if (this.slf4j != null) {
			Slf4j.log(this.slf4j, Slf4j.WARN, message, keyValues);
		}
		else {
			this.log.warn(message);
		}
	}

	/**
	 * Log an event at ERROR.
	 * @param message the message
	 * @param keyValues keys and values, alternating; {@code null} values are left out
	 */
	public void error(String message, @Nullable Object... keyValues) {
		if (this.slf4j != null) {
			Slf4j.log(this.slf4j, Slf4j.ERROR, message, keyValues);
		}
		else {
			this.log.error(message);
		}
	}

	/**
	 * Whether WARN is enabled, to spare building a message nobody reads.
	 * @return whether it is
	 */
	public boolean isWarnEnabled() {
		return this.log.isWarnEnabled();
	}

	/**
	 * Kept apart so that this class loads without SLF4J.
	 */
	private static final class Slf4j {

		static final int INFO = 0;

		static final int WARN = 1;

		static final int ERROR = 2;

		static Object logger(Class<?> type) {
			return LoggerFactory.getLogger(type);
		}

		static void log(Object target, int level, String message, @Nullable Object[] keyValues) {
			Logger logger = (Logger) target;
			LoggingEventBuilder event = switch (level) {
				case INFO -> logger.atInfo();
				case WARN -> logger.atWarn();
				default -> logger.atError();
			};
			for (int i = 0; i + 1 < keyValues.length; i += 2) {
				Object value = keyValues[i + 1];
				if (value != null) {
					event = event.addKeyValue(String.valueOf(keyValues[i]), value);
				}
			}
			event.log(message);
		}

	}

}
