package io.github.mysqlpool;

import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * Runs the Testcontainers tests on the MySQL image named by the {@value #IMAGE_PROPERTY}
 * system property (for example {@code mysql:8.0} or {@code mysql:9}) instead of the
 * {@code mysql:8.4} they name, so that one suite runs against each MySQL version (the
 * GitHub Actions workflow passes {@code -Dmysql-pool.test.mysql-image=...}). Without the
 * property every image is unchanged. Testcontainers loads it through
 * {@code image.substitutor} in the test classpath's {@code testcontainers.properties}.
 *
 * @author mysql-pool team
 */
public class MySqlTestImageSubstitutor extends ImageNameSubstitutor {

	static final String IMAGE_PROPERTY = "mysql-pool.test.mysql-image";

	@Override
	public DockerImageName apply(DockerImageName original) {
		String image = System.getProperty(IMAGE_PROPERTY, "");
		if (image.isBlank() || !"mysql".equals(original.getRepository())) {
			return original;
		}
		return DockerImageName.parse(image).asCompatibleSubstituteFor("mysql");
	}

	@Override
	protected String getDescription() {
		return "MySQL image from -D" + IMAGE_PROPERTY;
	}

}
