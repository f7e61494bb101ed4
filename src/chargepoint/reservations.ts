import type { ReservationEnd } from "../ocpp/mapping.ts";
// Reservations (OCPP 1.6 §5.13 ReserveNow, §5.1 CancelReservation). A reserved connector reports
// Reserved and serves only the reservation's idTag (or one with the same parent) until that idTag
// starts a transaction there, the reservation is cancelled, or it expires. A reservation of
// connector 0 holds no connector in particular: it keeps one Available connector for its idTag.
import type { ReservationRequest, ReservationResult } from "../ocpp/neutral-commands.ts";
import type { Scheduled } from "../util/scheduler.ts";
import { idleStatus, isInoperative } from "./availability.ts";
import type { Connector } from "./connector.ts";
import type { FeatureContext } from "./context.ts";
import { ChargePointStateError } from "./errors.ts";
import type { Decision } from "./remote-commands.ts";
import { Setting } from "./settings.ts";

export interface Reservation {
  readonly id: number;
  readonly connectorId: number;
  readonly idTag: string;
  readonly parentIdTag?: string;
  readonly expiresAt: number;
  timer?: Scheduled;
}

/**
 * The parent of an idTag starting a transaction: a string once known, null when it has none,
 * undefined while unknown (an Authorize tells it).
 */
type Parent = string | null | undefined;

type Verdict = { use: Reservation } | "free" | "ask" | { refused: string };

const NONE: ReadonlyMap<number, Reservation> = new Map();

export class Reservations {
  // Most charge points never get a reservation: the map is made with the first one.
  private map: Map<number, Reservation> | undefined;

  private get byId(): ReadonlyMap<number, Reservation> {
    return this.map ?? NONE;
  }

  constructor(private readonly ctx: FeatureContext) {}

  /** The reservation holding this connector (reservations of connector 0 hold none). */
  on(connectorId: number): Reservation | undefined {
    for (const r of this.byId.values()) if (r.connectorId === connectorId) return r;
    return undefined;
  }

  get all(): Reservation[] {
    return [...this.byId.values()];
  }

  reserve(req: ReservationRequest): Decision<ReservationResult> {
    const { cp } = this.ctx;
    const { connectorId } = req;
    if (!Number.isInteger(connectorId) || connectorId < 0 || connectorId > cp.connectors.length)
      return { answer: "Rejected" };
    if (connectorId === 0 && !cp.config.bool(Setting.reserveConnectorZeroSupported))
      return { answer: "Rejected" };
    // 1.6 has no answer for an expiry date already past; nothing is reserved, so Rejected.
    if (req.expiresAt <= cp.clock.now()) return { answer: "Rejected" };
    const previous = this.byId.get(req.reservationId);
    const answer =
      connectorId === 0
        ? this.checkStation(previous)
        : this.checkConnector(cp.connector(connectorId), previous);
    if (answer !== "Accepted") return { answer };
    // The same reservationId replaces the reservation it names, wherever that was (§5.13).
    if (previous) this.remove(previous);
    const r: Reservation = {
      id: req.reservationId,
      connectorId,
      idTag: req.idTag,
      parentIdTag: req.parentIdTag,
      expiresAt: req.expiresAt,
    };
    this.map ??= new Map();
    this.map.set(r.id, r);
    this.scheduleExpiry(r);
    const moved = previous && previous.connectorId !== connectorId ? previous.connectorId : 0;
    if (!moved && connectorId === 0) return { answer };
    return {
      answer,
      followUp: async () => {
        if (moved) await this.release(moved);
        const c = connectorId === 0 ? undefined : cp.connector(connectorId);
        if (c && c.status === "Available") await cp.setStatus(c.id, "Reserved");
      },
    };
  }

  cancel(reservationId: number): Decision<"Accepted" | "Rejected"> {
    const r = this.byId.get(reservationId);
    if (!r) return { answer: "Rejected" };
    this.remove(r);
    if (r.connectorId === 0) return { answer: "Accepted" };
    return { answer: "Accepted", followUp: () => this.release(r.connectorId) };
  }

  /**
   * Whether `idTag` could start on the connector: true when a reservation does not stand in the
   * way, or when only the idTag's parent (learnt by an Authorize) can tell.
   */
  mayStart(c: Connector, idTag: string, parent?: Parent): boolean {
    const v = this.verdict(c, idTag, parent);
    return v === "free" || v === "ask" || "use" in v;
  }

  /** The connector reserved for this idTag, if one is. */
  reservedFor(idTag: string): Connector | undefined {
    for (const r of this.byId.values())
      if (r.connectorId > 0 && r.idTag === idTag) return this.ctx.cp.connector(r.connectorId);
    return undefined;
  }

  /**
   * Lets a transaction start on the connector, or throws when a reservation of another idTag
   * holds it. The reservation the idTag uses ends here; its id goes into StartTransaction.
   */
  async admit(c: Connector, idTag: string, parent?: Parent): Promise<number | undefined> {
    const { cp } = this.ctx;
    let v = this.verdict(c, idTag, parent);
    // Only the idTag's parent can tell; the Authorize answer carries it (§5.13).
    if (v === "ask") v = this.verdict(c, idTag, (await cp.authorize(idTag)).parentIdTag ?? null);
    if (v === "free" || v === "ask") return undefined;
    if ("refused" in v) throw new ChargePointStateError(v.refused);
    this.remove(v.use);
    // A reserved connector with the cable already in: the reservation's identity is presented.
    if (c.status === "Reserved" && c.plugged) await cp.setStatus(c.id, "Preparing");
    return v.use.id;
  }

  /** Cancels the expiry timers (the charge point shuts down). */
  stop(): void {
    for (const r of this.byId.values()) r.timer?.cancel();
  }

  private verdict(c: Connector, idTag: string, parent: Parent): Verdict {
    const held = this.on(c.id);
    if (held) {
      if (matches(held, idTag, parent)) return { use: held };
      if (held.parentIdTag !== undefined && parent === undefined) return "ask";
      return { refused: `connector ${c.id} is reserved for another idTag (reservation ${held.id})` };
    }
    const station = this.all.filter((r) => r.connectorId === 0);
    const mine = station.find((r) => matches(r, idTag, parent));
    if (mine) return { use: mine };
    if (this.free(c) >= station.length) return "free";
    if (parent === undefined && station.some((r) => r.parentIdTag !== undefined)) return "ask";
    return {
      refused: `the charge point's free connectors are reserved for other idTags (reservation ${station.map((r) => r.id).join(", ")})`,
    };
  }

  private checkConnector(c: Connector, previous: Reservation | undefined): ReservationResult {
    const { cp } = this.ctx;
    if (c.status === "Faulted" || cp.status === "Faulted") return "Faulted";
    if (c.status === "Unavailable" || isInoperative(cp, c)) return "Unavailable";
    const held = this.on(c.id);
    if (held && held !== previous) return "Occupied";
    if (c.transaction || (c.status !== "Available" && c.status !== "Reserved")) return "Occupied";
    // The connector must not be the last one kept free for reservations of connector 0.
    if (!held && this.free(c) < this.stationHeld(previous)) return "Occupied";
    return "Accepted";
  }

  private checkStation(previous: Reservation | undefined): ReservationResult {
    const { cp } = this.ctx;
    if (cp.status === "Faulted" || cp.connectors.every((c) => c.status === "Faulted")) return "Faulted";
    if (cp.availability === "Inoperative" || cp.connectors.every((c) => isInoperative(cp, c)))
      return "Unavailable";
    return this.free() > this.stationHeld(previous) ? "Accepted" : "Occupied";
  }

  /** Connectors a new user could take now, not counting `except`. */
  private free(except?: Connector): number {
    const { cp } = this.ctx;
    return cp.connectors.filter(
      // A reservation just accepted holds its connector before its Reserved status goes out.
      (c) =>
        c !== except && c.status === "Available" && !c.transaction && !this.on(c.id) && !isInoperative(cp, c),
    ).length;
  }

  private stationHeld(except: Reservation | undefined): number {
    return this.all.filter((r) => r.connectorId === 0 && r !== except).length;
  }

  private remove(r: Reservation): void {
    r.timer?.cancel();
    this.map?.delete(r.id);
  }

  private scheduleExpiry(r: Reservation): void {
    const { cp } = this.ctx;
    const left = r.expiresAt - cp.clock.now();
    r.timer = this.ctx.scheduler.after(Math.max(1, cp.clock.toReal(left)), () => this.expire(r));
  }

  private expire(r: Reservation): void {
    if (this.byId.get(r.id) !== r) return;
    // Timers may fire a millisecond early, which a fast simulated clock turns into seconds.
    if (this.ctx.cp.clock.now() < r.expiresAt) {
      this.scheduleExpiry(r);
      return;
    }
    this.map?.delete(r.id);
    // The connector is free whatever the CSMS makes of the news, which is best effort.
    if (r.connectorId !== 0)
      this.release(r.connectorId).catch(
        (err: Error) =>
          this.ctx.cp.connected && this.ctx.problem(`reservation ${r.id} expired: ${err.message}`),
      );
    this.ended(r, "Expired");
  }

  /**
   * The connector (0: the whole charge point) became Faulted or Unavailable: a reservation there
   * can no longer be served, so it ends (OCPP 2.0.1 §H01 reports it Removed).
   */
  connectorDown(connectorId: number): void {
    for (const r of this.all) {
      if (r.connectorId !== connectorId) continue;
      this.remove(r);
      this.ended(r, "Removed");
    }
  }

  /**
   * Tells the CSMS a reservation ended by itself, without waiting: the news is best effort
   * (ReservationStatusUpdate), so the change that ended it neither waits for nor fails by it.
   */
  private ended(r: Reservation, why: ReservationEnd): void {
    this.ctx.cp
      .reservationEnded(r.id, why)
      .catch(
        (err: Error) => this.ctx.cp.connected && this.ctx.problem(`reservation ${r.id}: ${err.message}`),
      );
  }

  /** A connector no longer reserved goes back to what it would be without the reservation. */
  private async release(connectorId: number): Promise<void> {
    const { cp } = this.ctx;
    const c = cp.connector(connectorId);
    if (c.status === "Reserved" && !this.on(connectorId)) await cp.setStatus(connectorId, idleStatus(cp, c));
  }
}

/** The incoming idTag or its parent matches the reservation's idTag or parent (§5.13). */
function matches(r: Reservation, idTag: string, parent: Parent): boolean {
  const incoming = [idTag, parent].filter((t): t is string => typeof t === "string");
  return incoming.some((t) => t === r.idTag || t === r.parentIdTag);
}
