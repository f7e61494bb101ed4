// A charge point that lost its connection while a transaction message was unanswered sends it
// again under the same message id (cpsim does; see README "at most once"). Answering the repeat
// from memory, rather than acting on it twice, is what keeps one StartTransaction from opening
// two transactions. One call is in flight per charge point and the queue repeats only its first
// message, so remembering the last transaction message of each charge point is enough.

const TRANSACTION_ACTIONS = new Set(["StartTransaction", "StopTransaction", "MeterValues"]);

interface Answered {
  id: string;
  action: string;
  answer: unknown;
}

export class RepeatedCalls {
  private readonly last = new Map<string, Answered>();
  /** Repeats answered from memory, for tests and reports. */
  repeats = 0;

  /** The answer to a charge point's call: the remembered one for a repeat, else compute()'s. */
  answer(cp: string, id: string | undefined, action: string, compute: () => unknown): unknown {
    if (id === undefined || id === "" || !TRANSACTION_ACTIONS.has(action)) return compute();
    const seen = this.last.get(cp);
    if (seen && seen.id === id && seen.action === action) {
      this.repeats++;
      return seen.answer;
    }
    const answer = compute();
    this.last.set(cp, { id, action, answer });
    return answer;
  }
}
