package io.github.mysqlpool.autoconfigure;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.util.Collections;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * The key and trust stores of a Spring Boot SSL bundle as PKCS12 files the MySQL drivers
 * can read: neither driver takes an {@code SSLContext} or PEM text, only key store URLs.
 * The files have no password, which would otherwise be a driver property and so appear in
 * HikariCP's DEBUG configuration dump: they are protected by the file system instead, in
 * a directory of their own that only the application's user can enter, each readable by
 * that user only, and deleted when the JVM exits. Their certificates are not encrypted
 * and they have no integrity MAC, so that both drivers read them without a password
 * (MySQL Connector/J opens a trust store without one with {@code null}, which skips
 * encrypted certificates); private keys are encrypted with an empty password, which both
 * drivers use when none is given.
 *
 * @author mysql-pool team
 */
final class SslBundleStores {

	private static final char[] NO_PASSWORD = new char[0];

	private final @Nullable String trustStoreUrl;

	private final @Nullable String keyStoreUrl;

	private SslBundleStores(@Nullable String trustStoreUrl, @Nullable String keyStoreUrl) {
		this.trustStoreUrl = trustStoreUrl;
		this.keyStoreUrl = keyStoreUrl;
	}

	static SslBundleStores write(String name, SslBundle bundle) {
		SslStoreBundle stores = bundle.getStores();
		try {
			KeyStore trustStore = stores.getTrustStore();
			KeyStore keyStore = stores.getKeyStore();
			if (trustStore == null && keyStore == null) {
				return new SslBundleStores(null, null);
			}
			Certificate any = anyCertificate(trustStore, keyStore);
			Path directory = privateDirectory(name);
			String trustUrl = (trustStore != null) ? store(directory, "truststore", trustCopy(trustStore, any)) : null;
			String keyUrl = (keyStore != null)
					? store(directory, "keystore", keyCopy(keyStore, keyPassword(bundle, stores), any)) : null;
			return new SslBundleStores(trustUrl, keyUrl);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot prepare the key stores of SSL bundle '" + name + "' for the driver",
					ex);
		}
	}

	/**
	 * A password-less copy of a trust store given by location and password
	 * ({@code mysql-pool.driver.trust-store} and {@code trust-store-password}), so that
	 * its password is no driver property either.
	 * @param trustStore the loaded trust store
	 * @return the URL of the copy
	 */
	static String writeTrustStore(KeyStore trustStore) {
		try {
			return store(privateDirectory("trust-store"), "truststore",
					trustCopy(trustStore, anyCertificate(trustStore, null)));
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot prepare mysql-pool.driver.trust-store for the driver", ex);
		}
	}

	@Nullable String trustStoreUrl() {
		return this.trustStoreUrl;
	}

	@Nullable String keyStoreUrl() {
		return this.keyStoreUrl;
	}

	/**
	 * The first certificate of the bundle's stores, for {@link #passwordlessStore}.
	 */
	private static Certificate anyCertificate(@Nullable KeyStore trustStore, @Nullable KeyStore keyStore)
			throws GeneralSecurityException {
		for (KeyStore store : new KeyStore[] { trustStore, keyStore }) {
			if (store != null) {
				for (String alias : Collections.list(store.aliases())) {
					Certificate certificate = store.getCertificate(alias);
					if (certificate != null) {
						return certificate;
					}
				}
			}
		}
		throw new KeyStoreException("The store holds no certificate");
	}

	private static char[] keyPassword(SslBundle bundle, SslStoreBundle stores) {
		String password = bundle.getKey().getPassword();
		if (password == null) {
			password = stores.getKeyStorePassword();
		}
		return (password != null) ? password.toCharArray() : new char[0];
	}

	private static KeyStore trustCopy(KeyStore source, Certificate any) throws IOException, GeneralSecurityException {
		KeyStore copy = passwordlessStore(any);
		for (String alias : Collections.list(source.aliases())) {
			Certificate certificate = source.getCertificate(alias);
			if (certificate != null) {
				copy.setCertificateEntry(alias, certificate);
			}
		}
		return copy;
	}

	private static KeyStore keyCopy(KeyStore source, char[] keyPassword, Certificate any)
			throws IOException, GeneralSecurityException {
		KeyStore copy = passwordlessStore(any);
		for (String alias : Collections.list(source.aliases())) {
			if (source.isKeyEntry(alias)) {
				Key key = source.getKey(alias, keyPassword);
				copy.setKeyEntry(alias, key, NO_PASSWORD, source.getCertificateChain(alias));
			}
		}
		return copy;
	}

	/**
	 * An empty PKCS12 store that stores its certificates unencrypted and without a MAC.
	 * The JDK keeps the protection of the store it loaded; there is no API to choose it
	 * for one store (only JVM-wide security properties), so the store is loaded from a
	 * PKCS12 file holding one unencrypted certificate, which is not an entry (it has
	 * neither a key nor the JDK's trusted attribute).
	 */
	private static KeyStore passwordlessStore(Certificate any) throws IOException, GeneralSecurityException {
		byte[] dataOid = { 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x07, 0x01 };
		byte[] certBagOid = { 0x06, 0x0b, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x0c, 0x0a,
				0x01, 0x03 };
		byte[] x509Oid = { 0x06, 0x0a, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x09, 0x16,
				0x01 };
		byte[] certBag = der(0x30, x509Oid, der(0xa0, der(0x04, any.getEncoded())));
		byte[] safeContents = der(0x30, der(0x30, certBagOid, der(0xa0, certBag)));
		byte[] authenticatedSafe = der(0x30, der(0x30, dataOid, der(0xa0, der(0x04, safeContents))));
		byte[] pfx = der(0x30, new byte[] { 0x02, 0x01, 0x03 },
				der(0x30, dataOid, der(0xa0, der(0x04, authenticatedSafe))));
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(new ByteArrayInputStream(pfx), null);
		return store;
	}

	/**
	 * A DER element of the given tag holding the given parts.
	 */
	private static byte[] der(int tag, byte[]... parts) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			body.writeBytes(part);
		}
		int length = body.size();
		ByteArrayOutputStream element = new ByteArrayOutputStream();
		element.write(tag);
		if (length < 0x80) {
			element.write(length);
		}
		else {
			int bytes = (length < 0x100) ? 1 : (length < 0x10000) ? 2 : 3;
			element.write(0x80 | bytes);
			for (int i = bytes - 1; i >= 0; i--) {
				element.write(length >>> (8 * i));
			}
		}
		element.writeBytes(body.toByteArray());
		return element.toByteArray();
	}

	private static Path privateDirectory(String name) throws IOException {
		boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
		Path directory = posix
				? Files.createTempDirectory("mysql-pool-" + name + "-",
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
				: Files.createTempDirectory("mysql-pool-" + name + "-");
		// Deleted after the files in it, which are registered later
		directory.toFile().deleteOnExit();
		return directory;
	}

	private static String store(Path directory, String name, KeyStore store)
			throws IOException, GeneralSecurityException {
		Path file = directory.resolve(name + ".p12");
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		file.toFile().deleteOnExit();
		try (OutputStream out = Files.newOutputStream(file)) {
			store.store(out, null);
		}
		return file.toUri().toString();
	}

}
