package io.snapdrill.model;

/**
 * An operator's answer to a drill waiting with heal policy ASK.
 *
 * @param operator the name the operator gave (self-declared)
 * @param reason why (a ticket, a change number), or null
 * @param identity the Temporal client identity that sent the decision (set by the client, not typed by the
 *     operator), or null from older clients
 */
public record HealDecision(boolean approve, String operator, String reason, String identity) {

  public HealDecision(boolean approve, String operator, String reason) {
    this(approve, operator, reason, null);
  }
}
