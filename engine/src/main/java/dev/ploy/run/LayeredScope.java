package dev.ploy.run;

import dev.ploy.expr.Scope;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Variables as layers, highest precedence first: the first layer that has a name wins. Layers are
 * maps (some computed lazily, like hostvars); nothing is copied per lookup.
 */
final class LayeredScope implements Scope {
  private final List<Map<String, ?>> layers;

  LayeredScope(List<Map<String, ?>> highestFirst) {
    this.layers = List.copyOf(highestFirst);
  }

  @Override
  public boolean has(String name) {
    for (Map<String, ?> layer : layers) {
      if (layer.containsKey(name)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Object raw(String name) {
    for (Map<String, ?> layer : layers) {
      if (layer.containsKey(name)) {
        return layer.get(name);
      }
    }
    return null;
  }

  @Override
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    layers.forEach(layer -> names.addAll(layer.keySet()));
    return names;
  }
}
