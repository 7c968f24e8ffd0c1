package io.github.mysqlpool.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Turns an {@link InvalidMySqlPoolPropertyException} anywhere in the failure's causes
 * into a start-up report that names the property and the fix. Ordered first: the
 * properties are checked while they are bound, so the exception arrives inside Boot's
 * {@code BindException}, whose own analyzer would otherwise report it without the fix.
 *
 * @author mysql-pool team
 */
class InvalidMySqlPoolPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidMySqlPoolPropertyException>
		implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidMySqlPoolPropertyException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
