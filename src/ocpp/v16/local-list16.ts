// SendLocalList (OCPP 1.6 §5.15) from its 1.6 payload to the neutral update.
import { OcppError } from "../errors.ts";
import type { AuthorizationStatus, IdTagInfo } from "../neutral.ts";
import type { LocalListUpdate } from "../neutral-commands.ts";
import type { CsInitiated16, Req } from "./actions.ts";

type SendLocalList16 = Req<CsInitiated16, "SendLocalList">;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function localListUpdate(req: SendLocalList16): LocalListUpdate {
  return {
    updateType: req.updateType,
    listVersion: req.listVersion,
    entries: (req.localAuthorizationList ?? []).map((e, i) => ({
      idTag: e.idTag,
      ...(e.idTagInfo && { info: idTagInfo(e.idTagInfo, `/localAuthorizationList/${i}/idTagInfo`) }),
    })),
  };
}

/**
 * The official SendLocalList.json puts expiryDate and parentIdTag beside idTagInfo's "properties"
 * instead of inside it, so the schema checks neither; they are checked here as the other 1.6
 * schemas check them (a date-time, and at most 20 characters).
 */
function idTagInfo(raw: { status: AuthorizationStatus }, at: string): IdTagInfo {
  const { expiryDate, parentIdTag } = raw as { expiryDate?: unknown; parentIdTag?: unknown };
  if (expiryDate !== undefined) {
    if (typeof expiryDate !== "string")
      throw new OcppError("TypeConstraintViolation", `${at}/expiryDate must be string`);
    if (!ISO_DATE_TIME.test(expiryDate) || Number.isNaN(Date.parse(expiryDate)))
      throw new OcppError(
        "PropertyConstraintViolation",
        `${at}/expiryDate must match format "date-time" (got ${JSON.stringify(expiryDate)})`,
      );
  }
  if (parentIdTag !== undefined) {
    if (typeof parentIdTag !== "string")
      throw new OcppError("TypeConstraintViolation", `${at}/parentIdTag must be string`);
    if (parentIdTag.length > 20)
      throw new OcppError(
        "PropertyConstraintViolation",
        `${at}/parentIdTag must NOT have more than 20 characters`,
      );
  }
  return {
    status: raw.status,
    ...(expiryDate !== undefined && { expiryDate }),
    ...(parentIdTag !== undefined && { parentIdTag }),
  };
}
