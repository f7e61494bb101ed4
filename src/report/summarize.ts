// One short line of the key fields of an OCPP message, for people reading a log.

type Payload = Record<string, unknown>;

const MEASURAND_SHORT: Record<string, string> = {
  "Energy.Active.Import.Register": "energy",
  "Power.Active.Import": "power",
  "Current.Import": "current",
  Voltage: "voltage",
  SoC: "soc",
};

export function summarize(action: string, kind: "call" | "result" | "error", payload: unknown): string {
  const p = (payload ?? {}) as Payload;
  if (kind === "error") return `CALLERROR ${p.code}${p.description ? `: ${p.description}` : ""}`;
  const key = `${action}:${kind}`;
  switch (key) {
    case "BootNotification:call": {
      // 2.0.1 nests the station's identity and says why it booted.
      const station = p.chargingStation as Payload | undefined;
      if (station) return `${station.vendorName} ${station.model}, ${p.reason}`;
      return `${p.chargePointVendor} ${p.chargePointModel}`;
    }
    case "BootNotification:result":
      return `${p.status}, interval ${p.interval ?? p.heartbeatInterval}s`;
    case "StatusNotification:call":
      if (p.evseId !== undefined) return `evse ${p.evseId} connector ${p.connectorId} ${p.connectorStatus}`;
      return `connector ${p.connectorId} ${p.status}${p.errorCode && p.errorCode !== "NoError" ? ` (${p.errorCode})` : ""}`;
    case "Authorize:call": {
      const token = p.idToken as Payload | undefined;
      return token ? `idToken ${token.idToken} (${token.type})` : `idTag ${p.idTag}`;
    }
    case "TransactionEvent:call": {
      const info = p.transactionInfo as Payload;
      return `${p.eventType} #${p.seqNo} ${info.transactionId}, ${p.triggerReason}${info.chargingState ? `, ${info.chargingState}` : ""}${info.stoppedReason ? `, ${info.stoppedReason}` : ""}`;
    }
    case "Authorize:result":
    case "StopTransaction:result":
    case "TransactionEvent:result":
      return tagStatus(p);
    case "StartTransaction:call":
      return `connector ${p.connectorId}, idTag ${p.idTag}, meterStart ${p.meterStart} Wh${p.reservationId === undefined ? "" : `, reservation ${p.reservationId}`}`;
    case "StartTransaction:result":
      return `transactionId ${p.transactionId}, ${tagStatus(p)}`;
    case "StopTransaction:call":
      return `transactionId ${p.transactionId}, meterStop ${p.meterStop} Wh${p.reason ? `, ${p.reason}` : ""}`;
    case "MeterValues:call":
      return meterValues(p);
    case "Heartbeat:result":
      return String(p.currentTime ?? "");
    case "ChangeConfiguration:call":
      return `${p.key} = ${p.value}`;
    case "SecurityEventNotification:call":
      return `${p.type}${p.techInfo ? ` (${p.techInfo})` : ""}`;
    case "NotifyEvent:call":
      return (p.eventData as Payload[]).map(event).join("; ");
    case "ReservationStatusUpdate:call":
      return `reservation ${p.reservationId} ${p.reservationUpdateStatus}`;
    case "GetVariables:call":
      return variables(p.getVariableData, () => "");
    case "GetVariables:result":
      return variables(p.getVariableResult, (v) =>
        v.attributeStatus === "Accepted" ? ` = ${v.attributeValue}` : ` ${v.attributeStatus}`,
      );
    case "SetVariables:call":
      return variables(p.setVariableData, (v) => ` = ${v.attributeValue}`);
    case "SetVariables:result":
      return variables(p.setVariableResult, (v) => ` ${v.attributeStatus}`);
    case "DataTransfer:call":
      return `vendor ${p.vendorId}${p.messageId ? `, message ${p.messageId}` : ""}`;
  }
  if (typeof p.status === "string" && Object.keys(p).length === 1) return p.status;
  return compact(p);
}

/** A NotifyEvent's event: "Connector evse 1 AvailabilityState Faulted (GroundFailure)". */
function event(e: Payload): string {
  const component = e.component as Payload;
  const evse = component.evse as Payload | undefined;
  const where = evse ? ` evse ${evse.id}` : "";
  const code = e.techCode ? ` (${e.techCode})` : "";
  return `${component.name}${where} ${(e.variable as Payload).name} ${e.actualValue}${code}${e.cleared ? ", cleared" : ""}`;
}

function tagStatus(p: Payload): string {
  const info = (p.idTagInfo ?? p.idTokenInfo) as Payload | undefined;
  return info ? String(info.status) : "";
}

// 1.6 has meterValue[].sampledValue[]; 1.5 has values[].value[] with the fields as XML attributes.
function sampled(p: Payload): Payload[] {
  const mv16 = (p.meterValue as { sampledValue: Payload[] }[] | undefined)?.at(-1);
  if (mv16) return mv16.sampledValue ?? [];
  const mv15 = (p.values as { value: { $value: string; attributes?: Payload }[] }[] | undefined)?.at(-1);
  return (mv15?.value ?? []).map((v) => ({ ...v.attributes, value: v.$value }));
}

function meterValues(p: Payload): string {
  const values = sampled(p).map((v) => {
    // The unit is a field of its own in 1.x, inside unitOfMeasure where EVSEs number the meters.
    const unit = (v.unitOfMeasure as Payload | undefined)?.unit ?? v.unit ?? "Wh";
    return `${MEASURAND_SHORT[String(v.measurand ?? "Energy.Active.Import.Register")] ?? v.measurand} ${v.value} ${unit}`;
  });
  const where = p.evseId !== undefined ? `evse ${p.evseId}` : `connector ${p.connectorId}`;
  return `${where}${p.transactionId !== undefined ? `, tx ${p.transactionId}` : ""}: ${values.join(", ")}`;
}

// "OCPPCommCtrlr.HeartbeatInterval = 300, EVSE(1).AvailabilityState Accepted": the device model's
// component.variable names, each with what the line says of it.
function variables(list: unknown, what: (v: Payload) => string): string {
  return ((list as Payload[] | undefined) ?? [])
    .map((v) => {
      const c = v.component as Payload;
      const evse = c.evse as Payload | undefined;
      const variable = v.variable as Payload;
      const name = `${c.name}${evse ? `(${evse.id}${evse.connectorId === undefined ? "" : `/${evse.connectorId}`})` : ""}.${variable.name}`;
      return `${name}${variable.instance ? `[${variable.instance}]` : ""}${what(v)}`;
    })
    .join(", ");
}

function compact(p: Payload): string {
  const text = JSON.stringify(p);
  if (text === "{}") return "";
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}
