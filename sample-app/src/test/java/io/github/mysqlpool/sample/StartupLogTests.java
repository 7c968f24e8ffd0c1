package io.github.mysqlpool.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sample app logs while it starts on the embedded database.
 *
 * @author mysql-pool team
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupLogTests {

	@Test
	void startUpLogsNoHibernateDialectWarningAndNoPassword(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.web(WebApplicationType.NONE)
			.run()) {
			assertThat(output).contains("HHH10001005: Database info").contains("Started ");
			assertThat(output).doesNotContainPattern("WARN.*(HHH|[Dd]ialect)");
			assertThat(output).doesNotContain("no longer supported");
			assertThat(output).doesNotContain(EmbeddedDatabase.running().password());
		}
	}

}
