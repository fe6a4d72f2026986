package dev.ploy.modules.testbed;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fresh hosts of a test class, made once before its first test: register it as a static field,
 * {@code @RegisterExtension static final FreshHosts hosts = FreshHosts.named("x-check", "x-run");}.
 * The first host is the one check mode must leave untouched ({@link #fresh()}), the second the one
 * real runs change ({@link #used()}); a class with one host takes it with {@link #only()}.
 */
public final class FreshHosts implements BeforeAllCallback {
  private final List<String> names;
  private final Consumer<TargetHost> setUp;
  private List<TargetHost> hosts = List.of();

  private FreshHosts(List<String> names, Consumer<TargetHost> setUp) {
    this.names = names;
    this.setUp = setUp;
  }

  /** Hosts made from the clean image, with these names (see {@link Testbed#fresh}). */
  public static FreshHosts named(String... names) {
    return new FreshHosts(List.of(names), host -> {});
  }

  /** The same hosts, each set up by {@code setUp} (as root) once made, before any test runs. */
  public FreshHosts eachSetUp(Consumer<TargetHost> setUp) {
    return new FreshHosts(names, this.setUp.andThen(setUp));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    List<TargetHost> made = Testbed.fresh(names.toArray(String[]::new));
    made.forEach(setUp);
    hosts = made;
  }

  /** The first host: nothing but check mode runs on it. */
  public TargetHost fresh() {
    return get(0);
  }

  /** The second host: the one the real runs change. */
  public TargetHost used() {
    return get(1);
  }

  /** The one host, where {@link #named} named only one. */
  public TargetHost only() {
    if (names.size() != 1) {
      throw new IllegalStateException("FreshHosts " + names + " are more than one: use get(index)");
    }
    return get(0);
  }

  /** Every host, in the order {@link #named} named them. */
  public List<TargetHost> all() {
    get(0);
    return hosts;
  }

  /** The host named {@code index}-th in {@link #named}. */
  public TargetHost get(int index) {
    if (hosts.isEmpty()) {
      throw new IllegalStateException(
          "FreshHosts "
              + names
              + " are made before a class's tests: register it as a static field");
    }
    return hosts.get(index);
  }
}
