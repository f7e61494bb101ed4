// What one 2.0.1 charging station keeps beside the neutral model, shared by its handlers (the
// CSMS's calls) and its mapping (the station's messages): the device model, the connection's
// caller for the NotifyReport parts that follow a report's answer, and the remoteStartId of an
// accepted RequestStartTransaction until its transaction starts.
//
// Why keyed by the ChargePointCommands object: the version row makes the handlers and the mapping
// separately from that one object, on every connection; a WeakMap on it gives both the same
// station state for the charge point's life, and lets it go with the charge point.
import type { RpcCaller } from "../caller.ts";
import type { ChargePointCommands } from "../neutral-commands.ts";
import { catalogOf, type Slot } from "./device-model/catalog.ts";
import { DeviceModel } from "./device-model/model.ts";
import type { Notice } from "./notice-queue.ts";
import type { ReportedFaults } from "./notices.ts";
import { SETTING_VARIABLES_201, settingFrom201, settingTo201 } from "./settings.ts";
import type { OutsideTransactions } from "./tx/outside.ts";

export interface Station201 {
  readonly dm: DeviceModel;
  /** One connector per EVSE: the model's connector N is EVSE N (src/ocpp/mapping.ts EvseAddress). */
  readonly evses: number;
  /** The current connection's caller; undefined between connections. */
  caller: RpcCaller | undefined;
  /** RequestStartTransaction's remoteStartId by EVSE, until its `started` event takes it. */
  readonly remoteStartIds: Map<number, number>;
  /** The requestId of the last UpdateFirmware / GetLog, echoed in their status notifications. */
  firmwareRequestId?: number;
  logRequestId?: number;
  /** Connector faults reported by NotifyEvent and not yet cleared (notices.ts). */
  readonly faults: ReportedFaults;
  /** Transactions opened before, or kept after, the model's (TxStartPoint/TxStopPoint). */
  readonly outside: OutsideTransactions;
  /**
   * Messages held until the CSMS has them, oldest first: security events always (Part 2 A04.FR.02),
   * the station's other notices with OCPPCommCtrlr.QueueAllMessages. They go out before any other
   * message but a boot (notice-queue.ts). Undefined while empty, as it is for most stations.
   */
  notices?: Notice[];
  /**
   * The delivery of `notices` under way and the connection it uses, which every sender on that
   * connection waits for: true when all were delivered (notice-queue.ts).
   */
  noticeDelivery?: { rpc: RpcCaller; done: Promise<boolean> };
  /** Held messages dropped since the queue last filled up, told once it empties (notice-queue.ts). */
  noticesDropped?: number;
  /**
   * The current connection's mapping, which sends the held notices if it may
   * (registered, none left unanswered there); undefined between connections. For an event
   * recorded while connected (a bad frame, a SetVariables), which nothing else would carry.
   */
  announcer?: { announce(): void };
}

const STATIONS = new WeakMap<ChargePointCommands, Station201>();

/** The station state of a charge point, made on first use. */
export function station201(commands: ChargePointCommands): Station201 {
  let s = STATIONS.get(commands);
  if (!s) {
    const evses = connectorCount(commands);
    // Layouts are shared by every station of that shape (catalogOf): one per EVSE count.
    const dm = new DeviceModel(catalogOf(Array.from({ length: evses }, () => 1)));
    linkSettings(dm, commands);
    s = {
      dm,
      evses,
      caller: undefined,
      remoteStartIds: new Map(),
      faults: { open: new Map(), nextEventId: 1 },
      outside: commands.held,
    };
    STATIONS.set(commands, s);
  }
  return s;
}

function connectorCount(commands: ChargePointCommands): number {
  const entry = commands.getConfiguration(["NumberOfConnectors"]).entries[0];
  const n = Number(entry?.value);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

const STORE_KEYS = [...SETTING_VARIABLES_201.keys()];
// The store key of each mapped variable, by "component/variable/instance" (the names a slot has).
const KEY_OF_VARIABLE = new Map(
  [...SETTING_VARIABLES_201].map(([key, ref]) => [
    `${ref.component}/${ref.variable}/${ref.instance ?? ""}`,
    key,
  ]),
);

/**
 * The charge point's settings store is the one truth for every setting both know (settings.ts):
 * the device model starts from the store's values (a scenario's `config:` applies on 2.0.1 too),
 * and a CSMS's SetVariables of one of them changes the store, so the model acts on it.
 */
function linkSettings(dm: DeviceModel, commands: ChargePointCommands): void {
  for (const { key, value } of commands.getConfiguration(STORE_KEYS).entries) {
    const ref = SETTING_VARIABLES_201.get(key);
    if (ref && value !== undefined) dm.write(dm.slot(ref), settingTo201(key, value));
  }
  dm.onChange = (slot: Slot, value: string) => {
    const key = KEY_OF_VARIABLE.get(
      `${slot.def.component}/${slot.def.variable}/${slot.def.variableInstance ?? ""}`,
    );
    if (key) commands.changeConfiguration(key, settingFrom201(key, value));
  };
}
