// Transaction ids a 2.0.1 charging station creates (TransactionType.transactionId, at most 36
// characters). Unique per station across restarts: a prefix drawn when the station is created,
// then a counter, both kept in the station's saved state.
import { randomBytes } from "node:crypto";

export interface TransactionIdState {
  prefix: string;
  next: number;
}

export function newTransactionIdState(): TransactionIdState {
  // 8 random bytes, base36: ~13 characters that no other station (or earlier run) shares.
  return { prefix: BigInt(`0x${randomBytes(8).toString("hex")}`).toString(36), next: 1 };
}

export function nextTransactionId(state: TransactionIdState): string {
  return `${state.prefix}-${state.next++}`;
}
