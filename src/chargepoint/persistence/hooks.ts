/**
 * What a charge point tells the state store (--state-dir). The model only says that something
 * changed; the store decides when to write, so a fleet's changes go to disk in batches.
 */
export interface PersistenceHooks {
  /** Something worth keeping changed; the store writes it soon. */
  changed(): void;
  /** Resolves once everything changed so far is on disk. */
  durable(): Promise<void>;
}
