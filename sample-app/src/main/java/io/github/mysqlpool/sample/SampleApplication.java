package io.github.mysqlpool.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop on the mysql-pool starter. Without {@code mysql-pool.primary.url} it
 * starts an embedded primary and two replicas of MariaDB first.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
