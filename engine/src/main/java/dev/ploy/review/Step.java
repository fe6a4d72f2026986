package dev.ploy.review;

import dev.ploy.diff.Diff;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One module's plan for one task on one host, as a reviewed plan records it: what it does, the
 * changes it shows, and a fingerprint of both. The "before" side of each change is the probed state
 * the plan rests on (a file's content, its mode, a package's version); the fingerprint changes when
 * the host's state does, whatever the module, so {@code ploy apply} finds drift without knowing
 * modules.
 *
 * @param action ok (nothing to change), change, runs (a command whose effect check mode cannot
 *     know), or upkeep (applied, not counted as a change)
 * @param diffs what changes, before and after
 * @param secret no_log: the plan file keeps the fingerprint and checksums only, never the text
 */
public record Step(Action action, List<Diff> diffs, boolean secret) {

  /** What applying the plan does. */
  public enum Action {
    OK,
    CHANGE,
    RUNS,
    UPKEEP;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Action of(String word) {
      return valueOf(word.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public Step {
    diffs = List.copyOf(diffs);
  }

  /**
   * SHA-256 over what the plan does and every change's subject, kind, before and after: equal for
   * two plans exactly when they would make the same change from the same state.
   */
  public String fingerprint() {
    MessageDigest digest = sha256();
    feed(digest, action.word());
    for (Diff diff : diffs) {
      feed(digest, diff.kind().name());
      feed(digest, diff.subject());
      feed(digest, diff.attribute());
      feed(digest, diff.before());
      feed(digest, diff.after());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * The probed state this plan rests on, one line per subject and attribute: "mode: 0644", a
   * content's checksum ("content sha256:..."), or "absent".
   */
  public List<String> restsOn() {
    List<String> lines = new ArrayList<>();
    for (Diff diff : diffs) {
      if (diff.kind() == Diff.Kind.ATTRIBUTE && diff.before().isEmpty()) {
        continue; // an attribute of something absent: that absence is what the plan rests on
      }
      String before =
          switch (diff.kind()) {
            case ATTRIBUTE -> diff.before().strip();
            case CREATED -> "absent";
            case CONTENT -> "content sha256:" + checksum(diff.before());
          };
      lines.add(diff.subject() + ": " + before);
    }
    return lines;
  }

  /** SHA-256 of a text, in hexadecimal. */
  public static String checksum(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void feed(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) ':');
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
