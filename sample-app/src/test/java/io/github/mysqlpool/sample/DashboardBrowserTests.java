package io.github.mysqlpool.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.mysqlpool.embedded.ReplicatedMariaDb;
import io.github.mysqlpool.pool.MySqlPools;
import io.github.mysqlpool.sample.load.LoadGenerator;
import io.github.mysqlpool.sample.load.LoadOperations;
import io.github.mysqlpool.sample.load.LoadReport;
import io.github.mysqlpool.sample.load.LoadTestProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code /dashboard} page in Debian's headless Chromium while the load generator runs
 * in-process: every pool is charted with real figures, and a replica whose SQL thread is
 * stopped while the primary takes writes shows up as a replication-lag alert on the page.
 * Screenshots go to {@code target/dashboard*.png}.
 *
 * @author mysql-pool team
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mysql-pool.monitor.sample-interval=250ms", "mysql-pool.alerts.replication-lag.warning=3s" })
@DirtiesContext
class DashboardBrowserTests {

	private static final List<String> POOLS = List.of("primary", "replica-1", "replica-2");

	/**
	 * What Chart.js holds for each canvas of the page: per chart, per dataset, the number
	 * of points and the largest value.
	 */
	private static final String CHART_DATA = """
			const charts = {};
			for (const canvas of document.querySelectorAll('canvas')) {
				const chart = Chart.getChart(canvas);
				charts[canvas.id] = Object.fromEntries(chart.data.datasets.map((set) => [set.label, {
					points: set.data.length,
					max: Math.max(0, ...set.data.map((point) => point.y || 0)) }]));
			}
			return charts;
			""";

	@LocalServerPort
	private int port;

	@Autowired
	private LoadOperations operations;

	@Autowired
	private MySqlPools pools;

	private WebDriver browser;

	private LoadGenerator load;

	private ExecutorService loadRunner;

	private Future<LoadReport> loadReport;

	@BeforeEach
	void startBrowserAndLoad() throws Exception {
		this.browser = chromium();
		LoadTestProperties properties = new LoadTestProperties();
		properties.setDuration(Duration.ofMinutes(3));
		properties.setThreads(8);
		properties.setReadRatio(0.9);
		properties.setProgressInterval(Duration.ofSeconds(2));
		this.load = new LoadGenerator(this.operations, this.pools, properties, System.out);
		this.loadRunner = Executors.newSingleThreadExecutor();
		this.loadReport = this.loadRunner.submit(this.load::run);
	}

	@AfterEach
	void stopLoadAndBrowserAndHeal() throws Exception {
		this.load.stop();
		this.loadRunner.shutdown();
		this.loadRunner.awaitTermination(30, TimeUnit.SECONDS);
		if (this.browser != null) {
			this.browser.quit();
		}
		database().heal();
	}

	@Test
	void chartsEveryPoolUnderLoadAndShowsALagAlert() throws Exception {
		this.browser.get("http://127.0.0.1:" + this.port + "/dashboard");
		Map<String, Map<String, Map<String, Number>>> charts = waitFor(Duration.ofSeconds(60),
				"every pool charted with non-zero data", this::chartData, this::everyPoolHasLoad);
		for (String pool : POOLS) {
			Map<String, Map<String, Number>> connections = charts.get("chart-connections-" + pool);
			assertThat(connections).containsKeys("active", "idle", "waiting", "max");
			assertThat(connections.get("max").get("max").intValue()).isEqualTo(10);
			assertThat(connections.get("active").get("max").doubleValue()).as("%s active", pool).isPositive();
			assertThat(charts.get("chart-borrows").get(pool).get("max").doubleValue()).as("%s borrows/s", pool)
				.isPositive();
			assertThat(charts.get("chart-acquire").get(pool).get("max").doubleValue()).as("%s acquire p95", pool)
				.isPositive();
			assertThat(charts.get("chart-statements").get(pool).get("max").doubleValue()).as("%s statement p95", pool)
				.isPositive();
			assertThat(text("#pools [data-pool='" + pool + "']")).contains(pool, "active", "waiting");
		}
		assertThat(charts.get("chart-lag")).containsOnlyKeys("replica-1", "replica-2");
		assertThat(this.browser.findElement(By.id("status")).getAttribute("data-state")).isEqualTo("live");
		// The sample discovers the primary: the page names it and each server's role
		assertThat(text("#topology")).contains("Primary: primary", "replica-1 read-only", "replica-2 read-only");
		screenshot("dashboard-under-load.png");

		// On a busy machine a replica can lag a second or two under load by itself: start
		// from no lag alert, and expect more lag than load alone makes
		String lagAlert = "#active-alerts tr[data-rule='replication-lag'][data-pool='replica-2']";
		waitFor(Duration.ofSeconds(30), "no replication-lag alert for replica-2 before the fault", () -> text(lagAlert),
				(row) -> row == null);
		long stopped = System.nanoTime();
		database().replica(1).stopReplicationSqlThread();
		String alert = waitFor(Duration.ofSeconds(60), "a replication-lag alert for replica-2 on the page",
				() -> text(lagAlert), (row) -> row != null);
		long shownMillis = (System.nanoTime() - stopped) / 1_000_000;
		assertThat(alert).contains("WARNING", "replication-lag", "replica-2", "3 s");
		String card = waitFor(Duration.ofSeconds(60), "replica-2 shown out of rotation",
				() -> text("#pools [data-pool='replica-2']"),
				(text) -> text != null && text.toLowerCase(Locale.ROOT).contains("lagging"));
		long lagging = (System.nanoTime() - stopped) / 1_000_000;
		assertThat(card).containsPattern("\\d+\\.\\d\\d s\\s+lag");
		Map<String, Map<String, Map<String, Number>>> afterLag = chartData();
		assertThat(afterLag.get("chart-lag").get("replica-2").get("max").doubleValue()).isGreaterThan(5.0);
		assertThat(afterLag.get("chart-alerts").get("warning").get("max").intValue()).isGreaterThanOrEqualTo(1);
		screenshot("dashboard.png");
		System.out.printf("Dashboard: replica-2's SQL thread stopped; lag alert shown on the page after %d ms, "
				+ "replica-2 shown LAGGING after %d ms%n", shownMillis, lagging);

		this.load.stop();
		LoadReport report = this.loadReport.get(30, TimeUnit.SECONDS);
		assertThat(report.latencies()).containsKeys("read replica-1", "write primary");
	}

	private boolean everyPoolHasLoad(Map<String, Map<String, Map<String, Number>>> charts) {
		if (charts == null || !charts.containsKey("chart-borrows")) {
			return false;
		}
		for (String pool : POOLS) {
			Map<String, Map<String, Number>> connections = charts.get("chart-connections-" + pool);
			Map<String, Number> borrows = charts.get("chart-borrows").get(pool);
			Map<String, Number> acquire = charts.get("chart-acquire").get(pool);
			Map<String, Number> statements = charts.get("chart-statements").get(pool);
			if (connections == null || borrows == null || acquire == null || statements == null
					|| statements.get("max") == null || statements.get("max").doubleValue() <= 0
					|| connections.get("active").get("max").doubleValue() <= 0 || borrows.get("max").doubleValue() <= 0
					|| acquire.get("max").doubleValue() <= 0) {
				return false;
			}
		}
		return true;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Map<String, Map<String, Number>>> chartData() {
		return (Map<String, Map<String, Map<String, Number>>>) ((JavascriptExecutor) this.browser)
			.executeScript(CHART_DATA);
	}

	/**
	 * Text of the first element matching a CSS selector, read in one script call: the
	 * page redraws its tables on every refresh, so an element found earlier may be gone.
	 */
	private String text(String selector) {
		return (String) ((JavascriptExecutor) this.browser).executeScript(
				"const found = document.querySelector(arguments[0]); return found && found.innerText;", selector);
	}

	private <T> T waitFor(Duration timeout, String what, Supplier<T> value, Predicate<T> done) {
		AtomicReference<T> lastSeen = new AtomicReference<>();
		try {
			new WebDriverWait(this.browser, timeout, Duration.ofMillis(250))
				.withMessage(() -> what + "; last seen " + lastSeen.get() + "; page state " + pageState())
				.until((driver) -> {
					lastSeen.set(value.get());
					return done.test(lastSeen.get());
				});
			return lastSeen.get();
		}
		catch (RuntimeException ex) {
			screenshot("dashboard-failure.png");
			throw ex;
		}
	}

	private Object pageState() {
		return ((JavascriptExecutor) this.browser).executeScript(
				"const d = window.mysqlPoolDashboard; return d && { refreshes: d.refreshes, errors: d.errors, "
						+ "lastError: d.lastError, alerts: JSON.stringify(d.alerts) };");
	}

	private void screenshot(String name) {
		try {
			File file = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
			Path target = Path.of("target", name);
			Files.createDirectories(target.getParent());
			Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
			System.out.println("Dashboard screenshot: " + target.toAbsolutePath());
		}
		catch (Exception ex) {
			System.out.println("No screenshot " + name + ": " + ex);
		}
	}

	private static ReplicatedMariaDb database() {
		ReplicatedMariaDb db = EmbeddedDatabase.running();
		assertThat(db).as("embedded database").isNotNull();
		return db;
	}

	/**
	 * Debian's Chromium and chromedriver (installed by
	 * {@code src/test/scripts/ensure-tools.sh} before the tests run), headless, with a
	 * profile of its own and nothing reaching out to the network.
	 */
	private static WebDriver chromium() throws Exception {
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
				"--window-size=1400,1500", "--user-data-dir="
						+ Files.createTempDirectory(Files.createDirectories(Path.of("target")), "chromium-profile"));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

}
