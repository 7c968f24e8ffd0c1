package io.github.mysqlpool.retry;

/**
 * Sorts the failure of an attempt into {@link FailureCategory transient, outcome unknown
 * or permanent}. Define a bean of this type to replace the
 * {@link DefaultMySqlErrorClassifier}, for example to treat more error codes as
 * transient.
 *
 * @author mysql-pool team
 * @since 0.1.0
 */
@FunctionalInterface
public interface MySqlErrorClassifier {

	/**
	 * Classify a failure.
	 * @param failure what the attempt threw, possibly a Spring
	 * {@code DataAccessException} wrapping the driver's exception
	 * @param phase what the attempt was doing on the server
	 * @return the classification
	 */
	MySqlFailure classify(Throwable failure, WorkPhase phase);

}
