package io.github.mysqlpool.monitor.alert.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.github.mysqlpool.monitor.alert.Alert;
import io.github.mysqlpool.monitor.alert.AlertResolvedEvent;
import io.github.mysqlpool.monitor.alert.MySqlPoolAlertEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Posts raised and resolved alerts to a webhook as Slack-compatible JSON ({@code {"text":
 * "..."}}), from a daemon thread of its own: the sampler that raised the alert only puts
 * it in a bounded queue (the oldest is dropped when full). Each alert is tried up to a
 * number of times with a doubling delay; a 2xx answer delivers it. The URL is never
 * logged, as it usually holds a secret token.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
public class AlertWebhook implements ApplicationListener<MySqlPoolAlertEvent>, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(AlertWebhook.class);

	private final URI url;

	private final int maxAttempts;

	private final Duration retryDelay;

	private final Duration timeout;

	private final BlockingQueue<String> queue;

	private final HttpClient http;

	private final LongAdder delivered = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private volatile @Nullable Thread sender;

	/**
	 * Create the webhook.
	 * @param url where alerts are posted
	 * @param maxAttempts attempts per alert
	 * @param retryDelay delay before the first retry, doubled for each further one
	 * @param timeout time to wait for one answer
	 * @param queueCapacity most alerts waiting
	 */
	public AlertWebhook(URI url, int maxAttempts, Duration retryDelay, Duration timeout, int queueCapacity) {
		this.url = url;
		this.maxAttempts = maxAttempts;
		this.retryDelay = retryDelay;
		this.timeout = timeout;
		this.queue = new ArrayBlockingQueue<>(queueCapacity);
		this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
	}

	@Override
	public void onApplicationEvent(MySqlPoolAlertEvent event) {
		String body = body(event);
		while (!this.queue.offer(body)) {
			if (this.queue.poll() != null) {
				this.dropped.increment();
			}
		}
	}

	/**
	 * The JSON posted for an alert event.
	 * @param event the event
	 * @return the JSON
	 */
	static String body(MySqlPoolAlertEvent event) {
		Alert alert = event.getAlert();
		String text = (event instanceof AlertResolvedEvent) ? "mysql-pool alert resolved: " + alert.severity() + " "
				+ alert.rule() + " on pool '" + alert.pool() + "' (raised at " + alert.raisedAt() + ", peak "
				+ AlertText.format(alert.peakValue()) + alert.unit() + ")"
				: "mysql-pool alert raised: " + AlertText.describe(alert);
		return "{\"text\":\"" + escape(text) + "\"}";
	}

	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> escaped.append("\\\"");
				case '\\' -> escaped.append("\\\\");
				case '\n' -> escaped.append("\\n");
				default -> {
					if (c < 0x20) {
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	private void run() {
		while (!Thread.currentThread().isInterrupted()) {
			String body;
			try {
				body = this.queue.take();
			}
			catch (InterruptedException ex) {
				return;
			}
			if (!deliver(body)) {
				return;
			}
		}
	}

	/**
	 * Try to deliver one alert; {@code false} when interrupted.
	 */
	private boolean deliver(String body) {
		long delay = this.retryDelay.toMillis();
		String lastProblem = null;
		for (int attempt = 1; attempt <= this.maxAttempts; attempt++) {
			try {
				HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(this.url)
					.timeout(this.timeout)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() / 100 == 2) {
					this.delivered.increment();
					return true;
				}
				lastProblem = "HTTP " + response.statusCode();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			catch (Exception ex) {
				lastProblem = ex.getClass().getSimpleName();
			}
			if (attempt < this.maxAttempts) {
				try {
					TimeUnit.MILLISECONDS.sleep(delay);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
				delay *= 2;
			}
		}
		this.dropped.increment();
		logger.warn("mysql-pool could not post an alert to mysql-pool.alerts.webhook.url after " + this.maxAttempts
				+ " attempts (" + lastProblem + ")");
		return true;
	}

	/**
	 * Alerts the webhook accepted.
	 * @return the count since start
	 */
	public long getDelivered() {
		return this.delivered.sum();
	}

	/**
	 * Alerts given up on: every attempt failed, or the queue was full.
	 * @return the count since start
	 */
	public long getDropped() {
		return this.dropped.sum();
	}

	@Override
	public void start() {
		Thread thread = new Thread(this::run, "mysql-pool-alert-webhook");
		thread.setDaemon(true);
		thread.start();
		this.sender = thread;
	}

	@Override
	public void stop() {
		Thread thread = this.sender;
		if (thread != null) {
			thread.interrupt();
			this.sender = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.sender != null;
	}

}
