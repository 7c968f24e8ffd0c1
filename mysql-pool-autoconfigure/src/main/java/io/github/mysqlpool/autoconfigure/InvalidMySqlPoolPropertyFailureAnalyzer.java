package io.github.mysqlpool.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidMySqlPoolPropertyException} into a start-up report that names
 * the property and the fix.
 *
 * @author mysql-pool team
 */
class InvalidMySqlPoolPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidMySqlPoolPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidMySqlPoolPropertyException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
