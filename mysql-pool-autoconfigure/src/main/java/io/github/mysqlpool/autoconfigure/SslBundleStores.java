package io.github.mysqlpool.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * The key and trust stores of a Spring Boot SSL bundle as PKCS12 files the MySQL drivers
 * can read: neither driver takes an {@code SSLContext} or PEM text, only key store URLs.
 * Each file is readable by its owner only, has a random password and is deleted when the
 * JVM exits.
 *
 * @author mysql-pool team
 */
final class SslBundleStores {

	private final @Nullable String trustStoreUrl;

	private final @Nullable String keyStoreUrl;

	private final String password;

	private SslBundleStores(@Nullable String trustStoreUrl, @Nullable String keyStoreUrl, String password) {
		this.trustStoreUrl = trustStoreUrl;
		this.keyStoreUrl = keyStoreUrl;
		this.password = password;
	}

	static SslBundleStores write(String name, SslBundle bundle) {
		byte[] random = new byte[24];
		new SecureRandom().nextBytes(random);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		SslStoreBundle stores = bundle.getStores();
		try {
			KeyStore trustStore = stores.getTrustStore();
			KeyStore keyStore = stores.getKeyStore();
			String trustUrl = (trustStore != null) ? store(name, trustCopy(trustStore), password) : null;
			String keyUrl = (keyStore != null)
					? store(name, keyCopy(keyStore, keyPassword(bundle, stores), password), password) : null;
			return new SslBundleStores(trustUrl, keyUrl, password);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot prepare the key stores of SSL bundle '" + name + "' for the driver",
					ex);
		}
	}

	@Nullable String trustStoreUrl() {
		return this.trustStoreUrl;
	}

	@Nullable String keyStoreUrl() {
		return this.keyStoreUrl;
	}

	String password() {
		return this.password;
	}

	private static char[] keyPassword(SslBundle bundle, SslStoreBundle stores) {
		String password = bundle.getKey().getPassword();
		if (password == null) {
			password = stores.getKeyStorePassword();
		}
		return (password != null) ? password.toCharArray() : new char[0];
	}

	private static KeyStore trustCopy(KeyStore source) throws IOException, GeneralSecurityException {
		KeyStore copy = emptyStore();
		for (String alias : Collections.list(source.aliases())) {
			Certificate certificate = source.getCertificate(alias);
			if (certificate != null) {
				copy.setCertificateEntry(alias, certificate);
			}
		}
		return copy;
	}

	private static KeyStore keyCopy(KeyStore source, char[] keyPassword, String password)
			throws IOException, GeneralSecurityException {
		KeyStore copy = emptyStore();
		for (String alias : Collections.list(source.aliases())) {
			if (source.isKeyEntry(alias)) {
				Key key = source.getKey(alias, keyPassword);
				copy.setKeyEntry(alias, key, password.toCharArray(), source.getCertificateChain(alias));
			}
		}
		return copy;
	}

	private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		return store;
	}

	private static String store(String name, KeyStore store, String password)
			throws IOException, GeneralSecurityException {
		Path file = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
				? Files.createTempFile("mysql-pool-" + name + "-", ".p12",
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
				: Files.createTempFile("mysql-pool-" + name + "-", ".p12");
		file.toFile().deleteOnExit();
		try (OutputStream out = Files.newOutputStream(file)) {
			store.store(out, password.toCharArray());
		}
		return file.toUri().toString();
	}

}
