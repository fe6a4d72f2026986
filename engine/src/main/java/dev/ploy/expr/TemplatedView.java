package dev.ploy.expr;

/**
 * A map whose values are templated when read, by the map itself, with variables of its own (a
 * host's {@code hostvars[host]}): the reader's templar leaves it as it is, as Ansible's
 * HostVarsVars templates each value with that host's variables, not the reader's.
 */
public interface TemplatedView {}
