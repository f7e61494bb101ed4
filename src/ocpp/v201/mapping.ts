// OCPP 2.0.1 as seen by a charging station: the model's neutral events (src/ocpp/mapping.ts) said
// as 2.0.1 messages. Transactions become TransactionEvent Started/Updated/Ended numbered by the
// station (tx/from-model.ts); everything else is one message built by messages.ts.
import type { InvalidMessage } from "../../transport/json/rpc.ts";
import type { Wire } from "../../transport/wire.ts";
import type { RpcCaller } from "../caller.ts";
import type {
  BootReason,
  ChargePointMapping,
  DeliveryOptions,
  EvseAddress,
  IdToken,
  LocalTransaction,
  ReservationEnd,
  SessionFact,
  StatusChange,
  TxAnswer,
  TxEvent,
} from "../mapping.ts";
import type {
  BootResult,
  DataTransferResult,
  DiagnosticsStatus,
  FirmwareStatus,
  Identity,
  IdTagInfo,
  MeterReading,
} from "../neutral.ts";
import type { ChargePointCommands } from "../neutral-commands.ts";
import { outcomeOf } from "../observe.ts";
import type { Req, Res, StationInitiated201 } from "./actions.ts";
import {
  bootNotification,
  firmwareStatusNotification,
  idTagInfoOf,
  logStatusNotification,
  meterValues,
  statusNotification,
} from "./messages.ts";
import type { Notice } from "./notice-queue.ts";
import { NoticeSender } from "./notice-sender.ts";
import { bootSecurityEvent, faultEvent } from "./notices.ts";
import { invalidMessageInfo, recordSecurityEvent } from "./security-events.ts";
import { type Station201, station201 } from "./station.ts";
import { builtRequests, transactionEventsOf, transactionIdOf } from "./tx/from-model.ts";
import { outsideEvent } from "./tx/outside.ts";
import type { TransactionEventResponse } from "./types.ts";

const LIMIT_CHANGE_SIGNIFICANCE = { component: "SmartChargingCtrlr", variable: "LimitChangeSignificance" };
const QUEUE_ALL_MESSAGES = { component: "OCPPCommCtrlr", variable: "QueueAllMessages" };

/** TransactionEvent's answer when the machine had nothing to send; shared. */
const NOTHING_SENT: TxAnswer = Object.freeze({ payload: Object.freeze({}) });
const AUTHORIZED_BEFORE: TxAnswer = Object.freeze({
  tokenInfo: Object.freeze({ status: "Accepted" }),
  payload: Object.freeze({}),
});

export class Mapping201 implements ChargePointMapping {
  readonly protocol = "ocpp2.0.1";
  private readonly station: Station201;
  /**
   * The latest moment the model reported (its clock may run faster than the wall's, --time-scale):
   * the stamp of an event that carries no time of its own (a charging state change).
   */
  private lastSeen = 0;
  /** What the station holds for the CSMS, sent over this connection (notice-sender.ts). */
  private readonly notices: NoticeSender;
  /**
   * This connection has had its InvalidMessages event: a CSMS that keeps sending bad frames gets
   * each answered (CALLERROR), and one event per connection, not one per frame.
   */
  private invalidReported = false;

  constructor(
    private readonly rpc: RpcCaller,
    private readonly commands: ChargePointCommands,
  ) {
    this.station = station201(commands);
    this.station.caller = rpc;
    this.notices = new NoticeSender(rpc, commands, this.station);
    this.station.announcer = this.notices;
  }

  private async call<A extends keyof StationInitiated201>(
    action: A,
    req: Req<StationInitiated201, A>,
    how?: { messageId?: string },
  ): Promise<Res<StationInitiated201, A>> {
    // Held notices (security events, and more with QueueAllMessages) go first once registered,
    // so what the CSMS learns keeps the order it happened in; a boot may come before them (§B02).
    if (action !== "BootNotification") await this.notices.first();
    // The transport validated the response against the official schema, so the type holds.
    const res = (await this.rpc.call(action, req, how)) as Res<StationInitiated201, A>;
    // A boot's answer may say Pending: no proof the notices may go.
    if (action !== "BootNotification") this.notices.answered();
    return res;
  }

  async boot(identity: Identity, reason: BootReason): Promise<BootResult> {
    const res = await this.call("BootNotification", bootNotification(identity, reason));
    this.notices.bootAnswered(res.status);
    // Once registered, the station reports why it started as a security event (Part 2 §A04):
    // before that it may send nothing but BootNotification (§B02). Queued with the ones that could
    // not be delivered before; a drop leaves it queued for the next connection (A04.FR.02).
    const security = res.status === "Accepted" && bootSecurityEvent(reason);
    if (security) this.record(security.type, security.techInfo);
    if (res.status === "Accepted") await this.notices.deliver();
    return { status: res.status, intervalSec: res.interval, currentTime: res.currentTime };
  }

  /** Holds a security event stamped by the model's clock (security-events.ts); true if held. */
  private record(type: string, techInfo: string): boolean {
    const now = Math.max(this.lastSeen, this.commands.now());
    return recordSecurityEvent(this.station, type, techInfo, now, this.commands);
  }

  /** This mapping's connection is the station's current one (a drop or a close ends that). */
  private get online(): boolean {
    return this.station.caller === this.rpc;
  }

  /**
   * OCPPCommCtrlr.QueueAllMessages: the station holds its notices, offline included, until the
   * CSMS has them; the model then tells this mapping of them offline too (ChargePointMapping).
   */
  queuesOffline(): boolean {
    return this.station.dm.bool(QUEUE_ALL_MESSAGES);
  }

  /** Back online and registered after a drop: the held notices go now, before anything else. */
  async deliverHeld(): Promise<void> {
    if (this.online) await this.notices.first();
  }

  invalidMessage(message: InvalidMessage): void {
    if (this.invalidReported) return;
    this.invalidReported = true;
    if (this.record("InvalidMessages", invalidMessageInfo(message)))
      // After the CALLERROR that answers it, which the transport sends once this returns.
      setImmediate(() => this.station.announcer?.announce());
  }

  heartbeat(): Promise<{ currentTime: string }> {
    return this.call("Heartbeat", {});
  }

  async statusChanged(c: StatusChange): Promise<void> {
    // 2.0.1 reports connectors only; the station as a whole has no StatusNotification.
    this.lastSeen = Math.max(this.lastSeen, c.timestamp);
    if (c.evse === 0) return;
    const req = statusNotification(c.evse, c.connector || 1, c.status, c.timestamp);
    // Told offline (queuesOffline), the status itself is not held: the model reports the
    // connector's status again once back, and a StatusNotification held too would say it twice.
    // The fault's event is held, with the time it happened.
    if (this.online) await this.call("StatusNotification", req);
    const event = faultEvent(c, req.connectorStatus, this.station.faults);
    if (event) await this.notice({ action: "NotifyEvent", req: event });
  }

  /**
   * Something the station volunteers (a hard-wired event, a reservation's end): the CSMS refusing
   * it or not answering is no failure of the change that caused it, only a problem to report.
   * Best effort, lost with the connection: 2.0.1 asks a station to hold only transaction and
   * security events, unless OCPPCommCtrlr.QueueAllMessages is true (then see `held`).
   */
  private async notice(n: Extract<Notice, { action: "NotifyEvent" | "ReservationStatusUpdate" }>) {
    if (this.queuesOffline()) return this.notices.hold(n);
    if (!this.online) return;
    await this.call(n.action, n.req).catch((err: Error) => {
      // A drop is reported by the reconnection.
      if (outcomeOf(err).outcome !== "connectionLost") this.commands.problem(err.message);
    });
  }

  async authorize(token: IdToken): Promise<IdTagInfo> {
    const res = await this.call("Authorize", { idToken: { idToken: token.value, type: token.type } });
    return idTagInfoOf(res.idTokenInfo);
  }

  async transaction(ev: TxEvent, how?: DeliveryOptions): Promise<TxAnswer> {
    // The requests not yet delivered (TxEvent.built): a retry repeats their seqNo and transactionId
    // rather than feeding the machine twice.
    let requests = builtRequests(ev);
    if (!requests) {
      const remoteStartIds = this.station.remoteStartIds;
      // A RequestStartTransaction without an EVSE waits under 0: the model picked the connector.
      const key = ev.kind !== "started" ? -1 : remoteStartIds.has(ev.at.evse) ? ev.at.evse : 0;
      const remoteStartId = remoteStartIds.get(key);
      if (remoteStartId !== undefined) remoteStartIds.delete(key);
      requests = transactionEventsOf(ev, this.station.dm, {
        now: Math.max(this.lastSeen, ev.tx.startedAt),
        offline: how?.offline === true,
        remoteStartId,
        outside: this.station.outside,
      });
      ev.built = requests;
      const at = requests[0] && Date.parse(requests[0].timestamp);
      if (at) this.lastSeen = Math.max(this.lastSeen, at);
    }
    // The station numbers its transactions: the id is known as soon as it starts.
    if (ev.kind === "started") ev.tx.id = transactionIdOf(ev.tx) ?? ev.tx.localId;
    const tokenSent = requests.some((r) => r.idToken);
    let answer = NOTHING_SENT;
    // The message id of a repeat belongs to the first request; any others were never sent.
    let messageId = how?.messageId;
    while (requests.length > 0) {
      const req = requests[0]!;
      // Built online, delivered after a connection was lost: it waited offline after all.
      if (how?.offline) req.offline = true;
      const res: TransactionEventResponse = await this.call("TransactionEvent", req, { messageId });
      messageId = undefined;
      requests.shift();
      if (answer === NOTHING_SENT || res.idTokenInfo)
        answer = res.idTokenInfo
          ? { tokenInfo: idTagInfoOf(res.idTokenInfo), payload: res }
          : { payload: res };
    }
    // The token opened the transaction before the cable (TxStartPoint Authorized) and the CSMS
    // accepted it then: the model's start, with that token, has nothing new to send or be told.
    if (ev.kind === "started" && !tokenSent && !answer.tokenInfo && transactionIdOf(ev.tx) !== undefined)
      return { ...AUTHORIZED_BEFORE, payload: answer.payload };
    return answer;
  }

  messageOf(_ev: TxEvent): string {
    return "TransactionEvent";
  }

  async meterValues(at: EvseAddress, readings: MeterReading[]): Promise<void> {
    const req = meterValues(at.evse, readings);
    if (req.meterValue.length === 0) return;
    if (this.queuesOffline()) await this.notices.hold({ action: "MeterValues", req });
    else await this.call("MeterValues", req);
  }

  /**
   * Energy starting is a charging-state change, which 2.0.1 reports in the transaction's own
   * stream (TransactionEvent Updated, ChargingStateChanged). The EV's arrival and departure open
   * and end the transactions that TxStartPoint/TxStopPoint make wider than the model's
   * (tx/outside.ts).
   */
  session(
    fact: SessionFact,
    at: EvseAddress,
    tx: LocalTransaction | undefined,
    now: number,
    token?: IdToken,
  ): TxEvent | undefined {
    if (fact === "EnergyTransfer")
      return tx && { kind: "updated", tx, at, trigger: "ChargingStateChanged", readings: [] };
    // Stamped with the moment the allowance ran out, which the timer may report a little later.
    if (fact === "EnergyLimitReached")
      return tx && { kind: "updated", tx, at, trigger: fact, readings: [{ timestamp: now, values: [] }] };
    return outsideEvent(fact, at, tx, now, this.station, token);
  }

  /**
   * A change of the power the profiles allow a running transaction is reported when it passes
   * SmartChargingCtrlr.LimitChangeSignificance, a percentage of the limit before it (the
   * TriggerReasonEnumType's "changed by more than LimitChangeSignificance").
   */
  chargingLimit(
    at: EvseAddress,
    tx: LocalTransaction,
    fromW: number,
    toW: number,
    now: number,
  ): TxEvent | undefined {
    const significance = this.station.dm.decimal(LIMIT_CHANGE_SIGNIFICANCE);
    if (Math.abs(toW - fromW) * 100 <= significance * fromW) return undefined;
    return {
      kind: "updated",
      tx,
      at,
      trigger: "ChargingRateChanged",
      readings: [{ timestamp: now, values: [] }],
    };
  }

  async reservationEnded(reservationId: number, why: ReservationEnd): Promise<void> {
    await this.notice({
      action: "ReservationStatusUpdate",
      req: { reservationId, reservationUpdateStatus: why },
    });
  }

  async dataTransfer(vendorId: string, messageId?: string, data?: string): Promise<DataTransferResult> {
    const res = await this.call("DataTransfer", { vendorId, messageId, data });
    const out = res.data;
    return out === undefined
      ? { status: res.status }
      : { status: res.status, data: typeof out === "string" ? out : JSON.stringify(out) };
  }

  async firmwareStatus(status: FirmwareStatus): Promise<void> {
    const req = firmwareStatusNotification(status, this.station.firmwareRequestId);
    if (this.queuesOffline()) await this.notices.hold({ action: "FirmwareStatusNotification", req });
    else await this.call("FirmwareStatusNotification", req);
  }

  async logStatus(status: DiagnosticsStatus): Promise<void> {
    const req = logStatusNotification(status, this.station.logRequestId);
    if (this.queuesOffline()) await this.notices.hold({ action: "LogStatusNotification", req });
    else await this.call("LogStatusNotification", req);
  }

  send(action: string, payload: unknown): Promise<unknown> {
    return this.rpc.call(action, payload);
  }

  close(): Promise<void> {
    if (this.station.caller === this.rpc) {
      this.station.caller = undefined;
      this.station.announcer = undefined;
    }
    return this.rpc.close();
  }

  get wire(): Wire | undefined {
    return this.rpc.wire;
  }
}
