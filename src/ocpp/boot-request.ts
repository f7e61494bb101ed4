import type { Identity } from "./neutral.ts";

/** BootNotification's request, whose fields 1.5 and 1.6 name alike. */
export function bootRequest(id: Identity) {
  return {
    chargePointVendor: id.vendor,
    chargePointModel: id.model,
    chargePointSerialNumber: id.chargePointSerialNumber,
    chargeBoxSerialNumber: id.chargeBoxSerialNumber,
    firmwareVersion: id.firmwareVersion,
    iccid: id.iccid,
    imsi: id.imsi,
    meterType: id.meterType,
    meterSerialNumber: id.meterSerialNumber,
  };
}
