package dev.ploy.plan;

import dev.ploy.playbook.Block;
import dev.ploy.playbook.Play;
import dev.ploy.playbook.Task;
import dev.ploy.playbook.TaskItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.graph.DirectedAcyclicGraph;

/**
 * A play compiled to a directed acyclic graph of task nodes: roles, imports and blocks expanded,
 * with edges for the order tasks run in, the rescue and always paths of blocks, and handler
 * notifications.
 */
public final class PlayGraph {
  /** A node: a task (or handler) of the play, or the start or end of a section. */
  public record Node(int id, String label, Kind kind, Task task) {
    @Override
    public String toString() {
      return "n" + id;
    }
  }

  /** What a node stands for. */
  public enum Kind {
    START,
    TASK,
    HANDLER,
    END
  }

  /** An edge and why it is there. */
  public record Edge(Node from, Node to, String why) {}

  private final Play play;
  private final DirectedAcyclicGraph<Node, Edge> graph =
      new DirectedAcyclicGraph<>(null, null, false);
  private int next;

  private PlayGraph(Play play) {
    this.play = play;
  }

  /** Compiles a play. */
  public static PlayGraph of(Play play) {
    PlayGraph compiled = new PlayGraph(play);
    compiled.build();
    return compiled;
  }

  public Play play() {
    return play;
  }

  public Graph<Node, Edge> graph() {
    return graph;
  }

  private void build() {
    Node start = node("PLAY " + play.displayName(), Kind.START, null);
    List<Node> handlers = new ArrayList<>();
    for (Task handler : play.handlers()) {
      handlers.add(node(handler.displayName(), Kind.HANDLER, handler));
    }
    List<Node> tails = List.of(start);
    for (List<TaskItem> section : List.of(play.preTasks(), play.tasks(), play.postTasks())) {
      tails = chain(section, tails, "next", handlers);
    }
    Node end = node("end", Kind.END, null);
    for (Node tail : tails) {
      edge(tail, end, "next");
    }
    for (Node handler : handlers) {
      edge(handler, end, "flush");
    }
  }

  /** Links items in order after {@code tails}; returns the new tails. */
  private List<Node> chain(
      List<TaskItem> items, List<Node> tails, String why, List<Node> handlers) {
    List<Node> current = tails;
    String reason = why;
    for (TaskItem item : items) {
      if (item instanceof Task task) {
        Node node = node(task.displayName(), Kind.TASK, task);
        for (Node tail : current) {
          edge(tail, node, reason);
        }
        for (Node handler : handlers) {
          Task h = handler.task();
          if (notifies(task, h)) {
            edge(node, handler, "notify");
          }
        }
        current = List.of(node);
      } else if (item instanceof Block block) {
        List<Node> afterBlock = chain(block.block(), current, reason, handlers);
        List<Node> ends = new ArrayList<>(afterBlock);
        if (!block.rescue().isEmpty()) {
          ends.addAll(chain(block.rescue(), afterBlock, "rescue", handlers));
        }
        current = block.always().isEmpty() ? ends : chain(block.always(), ends, "always", handlers);
      }
      reason = "next";
    }
    return current;
  }

  private static boolean notifies(Task task, Task handler) {
    Set<String> names = new java.util.HashSet<>(handler.listen());
    if (handler.name() != null) {
      names.add(handler.name());
      if (handler.role() != null) {
        names.add(handler.role().name() + " : " + handler.name());
      }
    }
    return task.notifies().stream().anyMatch(names::contains);
  }

  private Node node(String label, Kind kind, Task task) {
    Node node = new Node(next++, label, kind, task);
    graph.addVertex(node);
    return node;
  }

  private void edge(Node from, Node to, String why) {
    if (!graph.containsEdge(from, to)) {
      graph.addEdge(from, to, new Edge(from, to, why));
    }
  }

  /** The graph in Graphviz DOT. */
  public String toDot() {
    StringBuilder out =
        new StringBuilder(
            "digraph play {\n  rankdir=TB;\n  node [shape=box, fontname=\"sans-serif\"];\n");
    for (Node node : graph.vertexSet()) {
      String shape =
          switch (node.kind()) {
            case START, END -> "oval";
            case HANDLER -> "box, style=dashed";
            case TASK -> "box";
          };
      out.append("  ")
          .append(node)
          .append(" [label=\"")
          .append(escape(node.label()))
          .append("\", shape=")
          .append(shape)
          .append("];\n");
    }
    for (Edge edge : graph.edgeSet()) {
      out.append("  ").append(edge.from()).append(" -> ").append(edge.to());
      if (!edge.why().equals("next")) {
        out.append(" [label=\"").append(edge.why()).append("\", style=dashed]");
      }
      out.append(";\n");
    }
    return out.append("}\n").toString();
  }

  /** The graph as a Mermaid flowchart. */
  public String toMermaid() {
    StringBuilder out = new StringBuilder("flowchart TD\n");
    for (Node node : graph.vertexSet()) {
      String text = escape(node.label()).replace("\"", "'");
      out.append("  ")
          .append(node)
          .append(
              node.kind() == Kind.HANDLER
                  ? "[/\"" + text + "\"/]"
                  : node.kind() == Kind.TASK ? "[\"" + text + "\"]" : "([\"" + text + "\"])")
          .append('\n');
    }
    for (Edge edge : graph.edgeSet()) {
      out.append("  ")
          .append(edge.from())
          .append(edge.why().equals("next") ? " --> " : " -.->|" + edge.why() + "| ")
          .append(edge.to())
          .append('\n');
    }
    return out.toString();
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
