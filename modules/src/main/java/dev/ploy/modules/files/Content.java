package dev.ploy.modules.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content to put in a file: bytes in memory (content:, a rendered template) or a local file. */
record Content(byte[] bytes, Path file) {
  /** Content larger than this is not shown in diffs. */
  static final long DIFF_LIMIT = 256 * 1024;

  static Content of(String text) {
    return new Content(text.getBytes(StandardCharsets.UTF_8), null);
  }

  static Content of(byte[] bytes) {
    return new Content(bytes, null);
  }

  static Content of(Path local) {
    return new Content(null, local);
  }

  long size() throws IOException {
    return bytes != null ? bytes.length : Files.size(file);
  }

  String sha1() throws IOException {
    return digest("SHA-1");
  }

  /** The MD5 digest, which Ansible's copy and template report as md5sum of what they wrote. */
  String md5() throws IOException {
    return digest("MD5");
  }

  private String digest(String algorithm) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no " + algorithm, e);
    }
    if (bytes != null) {
      digest.update(bytes);
    } else {
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The content as text for a diff, or null when it is binary or too large to show. */
  String textForDiff() throws IOException {
    if (size() > DIFF_LIMIT) {
      return null;
    }
    return text(bytes != null ? bytes : Files.readAllBytes(file));
  }

  /** Bytes as UTF-8 text, or null when they are not text. */
  static String text(byte[] data) {
    for (byte b : data) {
      if (b == 0) {
        return null;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(data))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
