package io.github.mysqlpool.routing.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RoutingContext}.
 *
 * @author mysql-pool team
 */
class RoutingContextTests {

	@AfterEach
	void reset() {
		RoutingContext.restoreReadOnlyScope(false);
		RoutingContext.transactionBegun();
		TransactionSynchronizationManager.clear();
	}

	@Test
	void defaultRouteIsReadWrite() {
		assertThat(RoutingContext.isReadOnlyRoute()).isFalse();
	}

	@Test
	void readOnlyScopesNestAndRestore() {
		boolean outer = RoutingContext.enterReadOnlyScope();
		boolean inner = RoutingContext.enterReadOnlyScope();
		assertThat(RoutingContext.isReadOnlyRoute()).isTrue();
		RoutingContext.restoreReadOnlyScope(inner);
		assertThat(RoutingContext.isReadOnlyRoute()).isTrue();
		RoutingContext.restoreReadOnlyScope(outer);
		assertThat(RoutingContext.isReadOnlyRoute()).isFalse();
	}

	@Test
	void beginningTransactionDecidesWhileItFetchesItsConnection() {
		RoutingContext.transactionBeginning(true);
		assertThat(RoutingContext.isReadOnlyRoute()).isTrue();
		RoutingContext.transactionBegun();
		RoutingContext.transactionBeginning(false);
		assertThat(RoutingContext.isReadOnlyRoute()).isFalse();
	}

	@Test
	void activeReadOnlyTransactionRoutesToReplica() {
		TransactionSynchronizationManager.setActualTransactionActive(true);
		TransactionSynchronizationManager.setCurrentTransactionReadOnly(true);
		assertThat(RoutingContext.isReadOnlyRoute()).isTrue();
		TransactionSynchronizationManager.setCurrentTransactionReadOnly(false);
		assertThat(RoutingContext.isReadOnlyRoute()).isFalse();
	}

}
