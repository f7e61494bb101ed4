// One station layout's concrete variables (each EVSE and connector component instantiated),
// built once per layout and shared by every station of that shape. Lookups by the names a CSMS
// sends go through a Map, never an object, because the names come from outside.
import type { ComponentType, VariableType } from "../types.ts";
import { VARIABLES, type VariableDef } from "./definitions.ts";

export interface Slot {
  /** Position in Catalog.slots; a station's stored values are keyed by it. */
  index: number;
  def: VariableDef;
  component: ComponentType;
  variable: VariableType;
}

/** Connectors per EVSE, in EVSE order: [1, 2] is EVSE 1 with one connector, EVSE 2 with two. */
export type Layout = readonly number[];

export class Catalog {
  readonly slots: readonly Slot[];
  /** Slots of the constant references stations read (DeviceModel.slot), by reference. */
  readonly refSlots = new WeakMap<object, Slot>();
  private readonly byKey = new Map<string, Slot>();
  private readonly components = new Set<string>();
  private readonly componentNames = new Set<string>();

  constructor(readonly layout: Layout) {
    const slots: Slot[] = [];
    const add = (def: VariableDef, evse?: { id: number; connectorId?: number }) => {
      const slot: Slot = {
        index: slots.length,
        def,
        component: evse ? { name: def.component, evse } : { name: def.component },
        variable: def.variableInstance
          ? { name: def.variable, instance: def.variableInstance }
          : { name: def.variable },
      };
      slots.push(slot);
      this.byKey.set(keyOf(slot.component, slot.variable), slot);
      this.components.add(componentKey(slot.component));
      this.componentNames.add(def.component);
    };
    for (const def of VARIABLES.filter((d) => d.scope === "station")) add(def);
    layout.forEach((connectors, i) => {
      for (const def of VARIABLES.filter((d) => d.scope === "evse")) add(def, { id: i + 1 });
      for (let c = 1; c <= connectors; c++) {
        for (const def of VARIABLES.filter((d) => d.scope === "connector"))
          add(def, { id: i + 1, connectorId: c });
      }
    });
    this.slots = slots;
  }

  /** The slot a CSMS names, or why there is none (the GetVariables/SetVariables status). */
  find(component: ComponentType, variable: VariableType): Slot | "UnknownComponent" | "UnknownVariable" {
    const slot = this.byKey.get(keyOf(component, variable));
    if (slot) return slot;
    return this.components.has(componentKey(component)) ? "UnknownVariable" : "UnknownComponent";
  }

  /** Slots of one component, or of every instance of that name when `component.evse` is left out. */
  ofComponent(component: ComponentType): Slot[] {
    if (!this.componentNames.has(component.name)) return [];
    return this.slots.filter(
      (s) =>
        s.component.name === component.name &&
        (component.instance ?? undefined) === s.component.instance &&
        (component.evse === undefined ||
          (s.component.evse?.id === component.evse.id &&
            (component.evse.connectorId === undefined ||
              s.component.evse?.connectorId === component.evse.connectorId))),
    );
  }

  evseExists(evseId: number, connectorId?: number): boolean {
    const connectors = this.layout[evseId - 1];
    if (connectors === undefined || !Number.isInteger(evseId) || evseId < 1) return false;
    return (
      connectorId === undefined ||
      (Number.isInteger(connectorId) && connectorId >= 1 && connectorId <= connectors)
    );
  }
}

function componentKey(c: ComponentType): string {
  return `${c.name}\u0000${c.instance ?? ""}\u0000${c.evse?.id ?? ""}\u0000${c.evse?.connectorId ?? ""}`;
}

function keyOf(c: ComponentType, v: VariableType): string {
  return `${componentKey(c)}\u0000${v.name}\u0000${v.instance ?? ""}`;
}

const catalogs = new Map<string, Catalog>();

/** The process-wide catalog of a layout. */
export function catalogOf(layout: Layout): Catalog {
  const key = layout.join(",");
  let catalog = catalogs.get(key);
  if (!catalog) {
    catalog = new Catalog([...layout]);
    catalogs.set(key, catalog);
  }
  return catalog;
}
