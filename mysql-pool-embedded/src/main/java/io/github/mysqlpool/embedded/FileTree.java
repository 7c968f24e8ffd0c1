package io.github.mysqlpool.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * File helpers: recursive delete and the tail of a log.
 *
 * @author mysql-pool team
 */
final class FileTree {

	private FileTree() {
	}

	/**
	 * Delete a file or a directory tree, if present.
	 * @param path the path to delete
	 */
	static void delete(Path path) {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(path)) {
			for (Path each : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
				try {
					Files.delete(each);
				}
				catch (NoSuchFileException ex) {
					// Already gone, e.g. a socket removed by its server
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete " + path, ex);
		}
	}

	/**
	 * Return the last lines of a file.
	 * @param file the file
	 * @param lines the maximum number of lines
	 * @return the lines, or a note when the file cannot be read
	 */
	static String tail(Path file, int lines) {
		return tail(file, 0, lines);
	}

	/**
	 * Return the last lines of a file, reading only from an offset on.
	 * @param file the file
	 * @param offset the first byte to consider
	 * @param lines the maximum number of lines
	 * @return the lines, or a note when the file cannot be read
	 */
	static String tail(Path file, long offset, int lines) {
		try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
			long start = Math.max(offset, in.length() - 64 * 1024);
			byte[] bytes = new byte[(int) (in.length() - start)];
			in.seek(start);
			in.readFully(bytes);
			List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(cannot read " + file + ": " + ex + ")";
		}
	}

	/**
	 * Return the size of a file, or 0 when it does not exist.
	 * @param file the file
	 * @return the size in bytes
	 */
	static long size(Path file) {
		try {
			return Files.exists(file) ? Files.size(file) : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
