package io.github.mysqlpool.sample;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@link AbstractJpaRoutingTests} with open-in-view off.
 *
 * @author mysql-pool team
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.jpa.open-in-view=false", StatementServers.ENABLED })
class JpaRoutingWithoutOpenInViewTests extends AbstractJpaRoutingTests {

}
