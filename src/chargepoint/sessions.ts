// What happens around a charging session that a version may make a transaction of: the EV's
// arrival and departure, a driver's token before the cable, a reset. 1.6 and 1.5 have no use for
// these facts; 2.0.1's TxStartPoint/TxStopPoint open and end transactions on them (the mapping's
// `session`), and those events go into the transaction's ordered stream.
import type { EvseAddress, IdToken, IdTokenType, LocalTransaction, SessionFact } from "../ocpp/mapping.ts";
import type { AuthDecision } from "./authorization.ts";
import { CableWaits } from "./cable-waits.ts";
import type { Connector } from "./connector.ts";
import { ChargePointMetering } from "./metering.ts";
import { Setting } from "./settings.ts";

export abstract class ChargePointSessions extends ChargePointMetering {
  /** ConnectionTimeOut after a token accepted before the cable (driverAuthorized); made when first needed. */
  private cableWaits: CableWaits | undefined;

  /**
   * The connector was reset, its transaction stopped already: the version ends what it still holds
   * open there. 0: the whole charge point, where a token accepted before its cable waits.
   */
  connectorReset(connectorId: number): void {
    if (connectorId === 0) this.tellSession("Reset", this.addressOf(0), undefined);
    else this.sessionFact("Reset", this.connector(connectorId));
  }

  /**
   * Tells the mapping a session fact. 1.6 and 1.5 have no use for them; a version whose
   * transactions start or end on other points than the model's (2.0.1 TxStartPoint EVConnected…)
   * answers with an event, which goes into the transaction's ordered stream. One optional call
   * when there is none: nothing is allocated.
   */
  protected sessionFact(fact: SessionFact, c: Connector): void {
    this.tellSession(fact, c.at, c.transaction);
  }

  protected tellSession(
    fact: SessionFact,
    at: EvseAddress,
    tx: LocalTransaction | undefined,
    token?: IdToken,
  ) {
    return this.queueEvent((m) => m.session?.(fact, at, tx, this.clock.now(), token));
  }

  /**
   * A driver presents a token: Authorize, or the local list and cache (authorizeIdTag). Accepted
   * before any transaction, it may open one (driverAuthorized) at `connectorId`, by default the
   * only connector, or the charge point (0) when it has several.
   */
  async presentToken(idTag: string, type?: IdTokenType, connectorId?: number): Promise<AuthDecision> {
    const decision = await this.authorizeIdTag(idTag, type);
    const at = connectorId ?? (this.connectors.length === 1 ? 1 : 0);
    if (decision.info.status === "Accepted")
      this.driverAuthorized(at, { value: idTag, type: type ?? "ISO14443" });
    return decision;
  }

  /**
   * The driver's token was accepted before any transaction, at a connector (0: at the charge
   * point, which connector not known yet). A version whose transaction starts there (2.0.1
   * TxStartPoint Authorized) opens it, and ends it if no cable comes within ConnectionTimeOut.
   */
  driverAuthorized(connectorId: number, token: IdToken): void {
    const c = connectorId === 0 ? undefined : this.connector(connectorId);
    if (c?.transaction || c?.plugged) return;
    const at = this.addressOf(connectorId);
    if (this.tellSession("Authorized", at, undefined, token)) this.awaitCable(connectorId, this.clock.now());
  }

  /** ConnectionTimeOut from `since` (model clock), unless a cable comes; armed again after a restart. */
  awaitCable(connectorId: number, since: number): void {
    const left = since + this.config.int(Setting.connectionTimeOut) * 1000 - this.clock.now();
    this.cableWaits ??= new CableWaits({
      scheduler: this.scheduler,
      timedOut: (id) => {
        const c = id === 0 ? undefined : this.connector(id);
        // The cable came: at a named connector it stays authorised; at the charge point its
        // connector took the transaction over.
        if (c?.plugged) return true;
        // Its event waits for a registered connection, after which nothing may come first.
        if (this.registration !== "Accepted") return false;
        this.tellSession("ConnectionTimeout", this.addressOf(id), undefined);
        return true;
      },
    });
    this.cableWaits.arm(connectorId, this.clock.toReal(Math.max(0, left)));
  }

  protected override resumeTimers(): void {
    super.resumeTimers();
    this.cableWaits?.fireDue();
  }

  protected override stopTimers(): void {
    this.cableWaits?.stop();
    super.stopTimers();
  }
}
