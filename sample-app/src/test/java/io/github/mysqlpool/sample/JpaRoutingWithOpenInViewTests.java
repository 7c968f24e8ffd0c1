package io.github.mysqlpool.sample;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@link AbstractJpaRoutingTests} with open-in-view on, Boot's default.
 *
 * @author mysql-pool team
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.jpa.open-in-view=true", StatementServers.ENABLED })
class JpaRoutingWithOpenInViewTests extends AbstractJpaRoutingTests {

}
