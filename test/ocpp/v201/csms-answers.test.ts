// The embedded central system's 2.0.1 answers: one for every charging-station action, each
// valid against the official response schema; token verdicts in Authorize and TransactionEvent.
import { describe, expect, it } from "vitest";
import { STATION_INITIATED_201 } from "../../../src/ocpp/v201/actions.ts";
import { CentralSystem201 } from "../../../src/ocpp/v201/csms-answers.ts";
import { schemasV201 } from "../../../src/ocpp/v201/schemas.ts";
import { CsmsStateForTests } from "../../integration/ocpp-rpc-201.ts";

const policy = {
  bootStatus: () => "Accepted" as const,
  heartbeatIntervalSec: 300,
  authorize: (token: string) => (token.startsWith("BAD") ? ("Invalid" as const) : ("Accepted" as const)),
  oneTransactionPerIdTag: true,
};
const tx = (transactionId: string, eventType: "Started" | "Updated" | "Ended", idToken?: string) => ({
  eventType,
  timestamp: "2026-01-01T00:00:00.000Z",
  triggerReason: "Authorized",
  seqNo: 0,
  transactionInfo: { transactionId },
  ...(idToken && { idToken: { idToken, type: "ISO14443" } }),
});

describe("embedded central system, OCPP 2.0.1", () => {
  it("answers every charging-station action with a schema-valid payload", () => {
    const cs = new CentralSystem201(new CsmsStateForTests(policy));
    const requests: Record<string, unknown> = {
      Authorize: { idToken: { idToken: "A", type: "ISO14443" } },
      TransactionEvent: tx("t1", "Started", "A"),
    };
    for (const action of STATION_INITIATED_201) {
      const answer = cs.answer("CP1", action, requests[action] ?? {});
      expect(
        schemasV201().validate(action, "response", answer),
        `${action}: ${JSON.stringify(answer)}`,
      ).toBeUndefined();
    }
    expect(cs.answer("CP1", "StartTransaction", {})).toBeUndefined();
    expect(cs.answer("CP1", "constructor", {})).toBeUndefined();
    expect(cs.answer("CP1", "BootNotification", {})).toMatchObject({ status: "Accepted", interval: 300 });
  });

  it("gives idTokenInfo when an event carries a token, ConcurrentTx for a token in another open transaction", () => {
    const state = new CsmsStateForTests(policy);
    const cs = new CentralSystem201(state);
    expect(cs.answer("CP1", "Authorize", { idToken: { idToken: "BAD1", type: "ISO14443" } })).toEqual({
      idTokenInfo: { status: "Invalid" },
    });
    expect(cs.answer("CP1", "Authorize", { idToken: { idToken: "", type: "NoAuthorization" } })).toEqual({
      idTokenInfo: { status: "Accepted" },
    });
    expect(cs.answer("CP1", "TransactionEvent", tx("t1", "Started", "A"))).toEqual({
      idTokenInfo: { status: "Accepted" },
    });
    expect(cs.answer("CP1", "TransactionEvent", tx("t1", "Updated"))).toEqual({});
    expect(cs.answer("CP2", "TransactionEvent", tx("t1", "Started", "A"))).toEqual({
      idTokenInfo: { status: "ConcurrentTx" },
    });
    // Only a transaction whose token was accepted is the token's.
    expect([...state.transactions.values()].map((t) => t.cp)).toEqual(["CP1"]);
    cs.answer("CP1", "TransactionEvent", tx("t1", "Ended"));
    cs.answer("CP2", "TransactionEvent", tx("t1", "Ended"));
    expect(state.transactions.size).toBe(0);
    expect(cs.answer("CP2", "TransactionEvent", tx("t2", "Started", "A"))).toEqual({
      idTokenInfo: { status: "Accepted" },
    });
  });
});
