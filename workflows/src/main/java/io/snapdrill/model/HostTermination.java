package io.snapdrill.model;

/**
 * What happened when the janitor terminated one host.
 *
 * @param terminated true when EC2 accepted the termination or the host was already gone
 * @param detail the instance's new state, or the error that kept it running
 */
public record HostTermination(String hostId, boolean terminated, String detail) {}
