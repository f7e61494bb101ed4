// GetBaseReport / GetReport (OCPP 2.0.1 Part 2 §B07/§B08): the answer, and the NotifyReport
// messages that follow it in parts of at most DeviceDataCtrlr.ItemsPerMessageGetReport items and
// BytesPerMessageGetReport bytes, numbered by seqNo from 0 with tbc on every part but the last.
import type {
  ComponentCriterionEnumType,
  GenericDeviceModelStatusEnumType,
  GetBaseReportRequest,
  GetReportRequest,
  NotifyReportRequest,
  ReportDataType,
  VariableAttributeType,
} from "../types.ts";
import type { Slot } from "./catalog.ts";
import type { DeviceModel } from "./model.ts";

export interface ReportAnswer {
  status: GenericDeviceModelStatusEnumType;
  /** The NotifyReport requests to send after the answer; empty unless Accepted. */
  parts: NotifyReportRequest[];
}

// The variables that say whether a component can be used or has a problem (SummaryInventory).
const SUMMARY_VARIABLES = new Set(["AvailabilityState", "Available", "Problem"]);
// Room for the CALL frame around the reportData: [2,"<message id>","NotifyReport",{requestId,…}].
const FRAME_OVERHEAD_BYTES = 200;
const ITEMS_PER_MESSAGE = {
  component: "DeviceDataCtrlr",
  variable: "ItemsPerMessage",
  instance: "GetReport",
};
const BYTES_PER_MESSAGE = {
  component: "DeviceDataCtrlr",
  variable: "BytesPerMessage",
  instance: "GetReport",
};

export function baseReport(dm: DeviceModel, req: GetBaseReportRequest, generatedAt: string): ReportAnswer {
  const slots = dm.catalog.slots.filter((s) => {
    if (req.reportBase === "FullInventory") return true;
    if (req.reportBase === "SummaryInventory") return SUMMARY_VARIABLES.has(s.def.variable);
    // ConfigurationInventory: what an operator can set.
    return s.def.attributes.some((a) => a.mutability !== "ReadOnly");
  });
  return answer(dm, slots, req.requestId, generatedAt);
}

export function report(dm: DeviceModel, req: GetReportRequest, generatedAt: string): ReportAnswer {
  let slots: readonly Slot[] = dm.catalog.slots;
  if (req.componentVariable?.length) {
    const chosen = new Set<Slot>();
    for (const cv of req.componentVariable) {
      for (const s of dm.catalog.ofComponent(cv.component)) {
        if (
          !cv.variable ||
          (s.def.variable === cv.variable.name && s.def.variableInstance === cv.variable.instance)
        ) {
          chosen.add(s);
        }
      }
    }
    slots = slots.filter((s) => chosen.has(s));
  }
  if (req.componentCriteria?.length) {
    const criteria = req.componentCriteria;
    slots = slots.filter((s) => criteria.some((c) => meets(dm, s, c)));
  }
  return answer(dm, slots, req.requestId, generatedAt);
}

// A component meets a criterion when its variable of that name is true (Problem: a problem is
// present). Components without such a variable do not meet it.
function meets(dm: DeviceModel, slot: Slot, criterion: ComponentCriterionEnumType): boolean {
  const found = dm.catalog.find(slot.component, { name: criterion });
  return typeof found !== "string" && dm.read(found) === "true";
}

function answer(
  dm: DeviceModel,
  slots: readonly Slot[],
  requestId: number,
  generatedAt: string,
): ReportAnswer {
  if (slots.length === 0) return { status: "EmptyResultSet", parts: [] };
  const maxItems = dm.int(ITEMS_PER_MESSAGE);
  const maxBytes = dm.int(BYTES_PER_MESSAGE);
  const parts: NotifyReportRequest[] = [];
  let items: ReportDataType[] = [];
  let bytes = FRAME_OVERHEAD_BYTES;
  const flush = () => {
    parts.push({ requestId, generatedAt, seqNo: parts.length, tbc: true, reportData: items });
    items = [];
    bytes = FRAME_OVERHEAD_BYTES;
  };
  for (const slot of slots) {
    const data = reportData(dm, slot);
    const size = Buffer.byteLength(JSON.stringify(data)) + 1;
    if (items.length > 0 && (items.length >= maxItems || bytes + size > maxBytes)) flush();
    items.push(data);
    bytes += size;
  }
  flush();
  parts[parts.length - 1]!.tbc = false;
  return { status: "Accepted", parts };
}

function reportData(dm: DeviceModel, slot: Slot): ReportDataType {
  const { def } = slot;
  const variableAttribute = def.attributes.map((a): VariableAttributeType => {
    const attr: VariableAttributeType = {
      type: a.type,
      mutability: a.mutability,
      persistent: true,
      constant: !!a.constant,
    };
    // A WriteOnly value is never reported (Part 2 §B07).
    if (a.mutability !== "WriteOnly") attr.value = dm.read(slot, a.type) ?? "";
    return attr;
  });
  return {
    component: slot.component,
    variable: slot.variable,
    variableAttribute,
    variableCharacteristics: {
      dataType: def.dataType,
      supportsMonitoring: false,
      ...(def.unit !== undefined && { unit: def.unit }),
      ...(def.minLimit !== undefined && { minLimit: def.minLimit }),
      ...(def.maxLimit !== undefined && { maxLimit: def.maxLimit }),
      ...(def.valuesList !== undefined && { valuesList: def.valuesList.join(",") }),
    },
  };
}
