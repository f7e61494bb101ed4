// One charging station's device model: the shared catalog of its layout plus only the values
// that differ from the defaults, so a process holding thousands of stations stores a few map
// entries each. GetVariables/SetVariables follow OCPP 2.0.1 Part 2 §B05/§B06.
import { OcppError } from "../../errors.ts";
import type {
  AttributeEnumType,
  ComponentType,
  GetVariableResultType,
  GetVariablesRequest,
  GetVariablesResponse,
  SetVariableResultType,
  SetVariablesRequest,
  SetVariablesResponse,
  VariableType,
} from "../types.ts";
import type { Catalog, Slot } from "./catalog.ts";
import type { AttributeDef } from "./definitions.ts";
import { valueProblem } from "./values.ts";

/** A station-level variable the charging station itself reads, e.g. TxCtrlr.TxStartPoint. */
export interface VarRef {
  component: string;
  variable: string;
  instance?: string;
}

const ATTRIBUTE_TYPES = 4; // Actual, Target, MinSet, MaxSet: the stored key is slot * 4 + type.
const TYPE_INDEX: Readonly<Record<AttributeEnumType, number>> = {
  Actual: 0,
  Target: 1,
  MinSet: 2,
  MaxSet: 3,
};

export class DeviceModel {
  private readonly values = new Map<number, string>();
  /** Values accepted with RebootRequired, applied by reboot(). Created only when needed. */
  private pending: Map<number, string> | undefined;
  /** Called after a CSMS changed a value that is in effect now (not one waiting for a reboot). */
  onChange: ((slot: Slot, value: string) => void) | undefined;

  constructor(readonly catalog: Catalog) {}

  /** The value in effect, as sent on the wire; undefined for WriteOnly or unset attributes. */
  read(slot: Slot, type: AttributeEnumType = "Actual"): string | undefined {
    const attr = attributeOf(slot, type);
    if (!attr) return undefined;
    return this.values.get(slot.index * ATTRIBUTE_TYPES + TYPE_INDEX[type]) ?? attr.value;
  }

  /** The station's own change (availability, a counter, a configured identity): no mutability check. */
  write(slot: Slot, value: string, type: AttributeEnumType = "Actual"): void {
    const attr = attributeOf(slot, type);
    if (!attr) throw new Error(`${slot.component.name}.${slot.variable.name} has no ${type} attribute`);
    const key = slot.index * ATTRIBUTE_TYPES + TYPE_INDEX[type];
    // Only differences from the shared default are kept.
    if (value === attr.value) this.values.delete(key);
    else this.values.set(key, value);
  }

  /** A station-level variable by reference, for the station's own reads and writes. */
  slot(ref: VarRef): Slot {
    // A constant ref is looked up once per layout: the station reads its settings on every event.
    const known = this.catalog.refSlots.get(ref);
    if (known) return known;
    const found = this.catalog.find({ name: ref.component }, { name: ref.variable, instance: ref.instance });
    if (typeof found === "string")
      throw new Error(`${ref.component}.${ref.variable} is not in the device model`);
    this.catalog.refSlots.set(ref, found);
    return found;
  }

  int(ref: VarRef): number {
    return Number(this.read(this.slot(ref)));
  }

  /** A decimal variable's value (e.g. a percentage such as 2.5). */
  decimal(ref: VarRef): number {
    return Number(this.read(this.slot(ref)));
  }

  bool(ref: VarRef): boolean {
    return this.read(this.slot(ref)) === "true";
  }

  list(ref: VarRef): string[] {
    const v = this.read(this.slot(ref)) ?? "";
    return v === "" ? [] : v.split(",");
  }

  /** A reboot puts the values accepted with RebootRequired into effect. */
  reboot(): void {
    for (const [key, value] of this.pending ?? []) this.values.set(key, value);
    this.pending = undefined;
  }

  /** Entries held for this station: what it costs beyond the shared catalog. */
  get storedValues(): number {
    return this.values.size + (this.pending?.size ?? 0);
  }

  getVariables(req: GetVariablesRequest): GetVariablesResponse {
    this.checkItems(req.getVariableData.length, "GetVariables");
    const maxSize = this.int(REPORTING_VALUE_SIZE);
    return {
      getVariableResult: req.getVariableData.map((item): GetVariableResultType => {
        const base = echo(item.component, item.variable, item.attributeType);
        const found = this.resolve(item);
        if (typeof found === "string") return { ...base, attributeStatus: found };
        const { slot, type, attr } = found;
        // A WriteOnly value (a password) is never read back: Rejected (Part 2 §B06).
        if (attr.mutability === "WriteOnly") {
          return { ...base, attributeStatus: "Rejected", attributeStatusInfo: { reasonCode: "WriteOnly" } };
        }
        // Values longer than ReportingValueSize are truncated (Part 2 Appendices, DeviceDataCtrlr).
        const value = (this.read(slot, type) ?? "").slice(0, maxSize);
        return { ...base, attributeStatus: "Accepted", attributeValue: value };
      }),
    };
  }

  setVariables(req: SetVariablesRequest): SetVariablesResponse {
    this.checkItems(req.setVariableData.length, "SetVariables");
    const maxSize = this.int(CONFIGURATION_VALUE_SIZE);
    return {
      setVariableResult: req.setVariableData.map((item): SetVariableResultType => {
        const base = echo(item.component, item.variable, item.attributeType);
        const found = this.resolve(item);
        if (typeof found === "string") return { ...base, attributeStatus: found };
        const { slot, type, attr } = found;
        if (attr.mutability === "ReadOnly") {
          return { ...base, attributeStatus: "Rejected", attributeStatusInfo: { reasonCode: "ReadOnly" } };
        }
        const problem = valueProblem(slot.def, item.attributeValue, maxSize);
        if (problem) {
          return {
            ...base,
            attributeStatus: "Rejected",
            attributeStatusInfo: { reasonCode: "InvalidValue", additionalInfo: problem.slice(0, 512) },
          };
        }
        if (slot.def.rebootRequired) {
          this.pending ??= new Map();
          this.pending.set(slot.index * ATTRIBUTE_TYPES + TYPE_INDEX[type], item.attributeValue);
          return { ...base, attributeStatus: "RebootRequired" };
        }
        this.write(slot, item.attributeValue, type);
        this.onChange?.(slot, item.attributeValue);
        return { ...base, attributeStatus: "Accepted" };
      }),
    };
  }

  /** The attribute an item names, or the status that says why there is none. */
  private resolve(item: {
    component: ComponentType;
    variable: VariableType;
    attributeType?: AttributeEnumType;
  }):
    | { slot: Slot; type: AttributeEnumType; attr: AttributeDef }
    | "UnknownComponent"
    | "UnknownVariable"
    | "NotSupportedAttributeType" {
    const slot = this.catalog.find(item.component, item.variable);
    if (typeof slot === "string") return slot;
    const type = item.attributeType ?? "Actual";
    const attr = attributeOf(slot, type);
    return attr ? { slot, type, attr } : "NotSupportedAttributeType";
  }

  // A request with more items than DeviceDataCtrlr.ItemsPerMessage<Get|Set>Variables may be
  // refused with CALLERROR(OccurrenceConstraintViolation) (Part 2 §B05/§B06); the simulator
  // does, so a CSMS that ignores the advertised limit finds out.
  private checkItems(count: number, instance: "GetVariables" | "SetVariables"): void {
    const max = this.int(instance === "GetVariables" ? ITEMS_PER_GET : ITEMS_PER_SET);
    if (count > max) {
      throw new OcppError(
        "OccurrenceConstraintViolation",
        `${count} items exceed ItemsPerMessage${instance} (${max})`,
      );
    }
  }
}

const ITEMS_PER_GET: VarRef = {
  component: "DeviceDataCtrlr",
  variable: "ItemsPerMessage",
  instance: "GetVariables",
};
const ITEMS_PER_SET: VarRef = {
  component: "DeviceDataCtrlr",
  variable: "ItemsPerMessage",
  instance: "SetVariables",
};
export const REPORTING_VALUE_SIZE: VarRef = { component: "DeviceDataCtrlr", variable: "ReportingValueSize" };
export const CONFIGURATION_VALUE_SIZE: VarRef = {
  component: "DeviceDataCtrlr",
  variable: "ConfigurationValueSize",
};

function attributeOf(slot: Slot, type: AttributeEnumType): AttributeDef | undefined {
  return slot.def.attributes.find((a) => a.type === type);
}

// The result names the component and variable as the CSMS sent them (minus customData).
function echo(
  component: ComponentType,
  variable: VariableType,
  attributeType: AttributeEnumType | undefined,
) {
  return {
    component: plainComponent(component),
    variable:
      variable.instance === undefined
        ? { name: variable.name }
        : { name: variable.name, instance: variable.instance },
    ...(attributeType !== undefined && { attributeType }),
  };
}

function plainComponent(c: ComponentType): ComponentType {
  const out: ComponentType = { name: c.name };
  if (c.instance !== undefined) out.instance = c.instance;
  if (c.evse !== undefined) {
    out.evse =
      c.evse.connectorId === undefined
        ? { id: c.evse.id }
        : { id: c.evse.id, connectorId: c.evse.connectorId };
  }
  return out;
}
