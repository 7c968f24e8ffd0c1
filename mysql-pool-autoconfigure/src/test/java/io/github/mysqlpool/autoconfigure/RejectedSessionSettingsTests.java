package io.github.mysqlpool.autoconfigure;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.mysqlpool.pool.MySqlPool;
import io.github.mysqlpool.pool.PoolRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which property a server error met while setting up a connection points at, for the
 * errors the embedded servers cannot be made to send: a server without a statement time
 * limit variable, a variable of the driver's properties or of the URL, and errors that
 * are no setting's fault.
 *
 * @author mysql-pool team
 */
class RejectedSessionSettingsTests {

	private final MySqlPoolProperties properties = new MySqlPoolProperties();

	RejectedSessionSettingsTests() {
		this.properties.getPrimary().setUrl("jdbc:mysql://db:3306/app");
		MySqlPoolProperties.Replica replica = new MySqlPoolProperties.Replica();
		replica.setUrl("jdbc:mysql://replica:3306/app?sessionVariables=net_read_timeout=x");
		this.properties.getReplicas().add(replica);
	}

	@Test
	void unknownStatementTimeLimitVariableNamesTheReplicaDefault() {
		InvalidMySqlPoolPropertyException rejection = rejection(replica(),
				new SQLException("Unknown system variable 'max_statement_time'", "HY000", 1193));
		assertThat(rejection).isNotNull();
		assertThat(rejection.getProperty()).isEqualTo("mysql-pool.pool.replica-statement-timeout");
		assertThat(rejection.getAction()).contains("set the property to 0");
	}

	@Test
	void unknownStatementTimeLimitVariableNamesThePoolsOwnLimit() {
		this.properties.getPrimary().getPool().setStatementTimeout(Duration.ofSeconds(30));
		InvalidMySqlPoolPropertyException rejection = rejection(primary(),
				new SQLException("Unknown system variable 'max_execution_time'", "HY000", 1193));
		assertThat(rejection).isNotNull();
		assertThat(rejection.getProperty()).isEqualTo("mysql-pool.primary.pool.statement-timeout");
	}

	@Test
	void variableOfTheDriverPropertiesNamesThem() {
		this.properties.getDriver().getProperties().put("sessionVariables", "innodb_lock_wait_timeout=abc");
		InvalidMySqlPoolPropertyException rejection = rejection(primary(), new SQLSyntaxErrorException(
				"Incorrect argument type to variable 'innodb_lock_wait_timeout'", "42000", 1232));
		assertThat(rejection).isNotNull();
		assertThat(rejection.getProperty()).isEqualTo("mysql-pool.driver.properties.sessionVariables");
	}

	@Test
	void variableOfTheUrlNamesTheUrlWithoutQuotingIt() {
		InvalidMySqlPoolPropertyException rejection = rejection(replica(),
				new SQLSyntaxErrorException("Incorrect argument type to variable 'net_read_timeout'", "42000", 1232));
		assertThat(rejection).isNotNull();
		assertThat(rejection.getProperty()).isEqualTo("mysql-pool.replicas[0].url");
		assertThat(rejection.getValue()).isNull();
	}

	@Test
	void failuresThatAreNoSettingsFaultAreLeftAlone() {
		this.properties.getPool().getSession().setInitSql("SET SESSION group_concat_max_len = 65536");
		assertThat(rejection(primary(), new SQLException("Access denied for user 'app'", "28000", 1045))).isNull();
		assertThat(rejection(primary(), new SQLSyntaxErrorException("Unknown database 'app'", "42000", 1049))).isNull();
		assertThat(rejection(primary(), new SQLNonTransientConnectionException("Could not connect", "08001", 0)))
			.isNull();
		assertThat(rejection(primary(), new IllegalStateException("no SQL error"))).isNull();
	}

	@Test
	void statementErrorWithAnInitStatementNamesIt() {
		this.properties.getPool().getSession().setInitSql("SELEC 1");
		InvalidMySqlPoolPropertyException rejection = rejection(primary(), new RuntimeException("wrapped",
				new SQLSyntaxErrorException("You have an error in your SQL syntax", "42000", 1064)));
		assertThat(rejection).isNotNull();
		assertThat(rejection.getProperty()).isEqualTo("mysql-pool.pool.session.init-sql");
		assertThat(rejection.getMessage()).doesNotContain("SELEC 1");
	}

	private InvalidMySqlPoolPropertyException rejection(MySqlPool pool, Throwable failure) {
		return new RejectedSessionSettings(this.properties).rejection(pool, failure);
	}

	private static MySqlPool primary() {
		return new MySqlPool("primary", PoolRole.PRIMARY, new HikariDataSource(), 1);
	}

	private static MySqlPool replica() {
		return new MySqlPool("replica-1", PoolRole.REPLICA, new HikariDataSource(), 1);
	}

}
