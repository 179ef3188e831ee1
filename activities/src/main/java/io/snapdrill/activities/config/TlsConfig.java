package io.snapdrill.activities.config;

/** @param caFile PEM file of the CA that signed the cluster's certificate; the JVM's trust store when absent */
public record TlsConfig(String caFile) {}
