import { input, select } from "@inquirer/prompts";
import type { ChargePoint } from "../chargepoint/charge-point.ts";
import type { Connector } from "../chargepoint/connector.ts";
import type { IdTokenType } from "../ocpp/mapping.ts";
import type { ConnectorErrorCode, ConnectorStatus, StopReason } from "../ocpp/neutral.ts";
import { CONNECTOR_ERROR_CODES, CONNECTOR_STATUSES, STOP_REASONS } from "../ocpp/neutral.ts";
import type { OcppVersionRow } from "../ocpp/version-row.ts";
import { ACCEPTED_STATUS, parsePower } from "../scenario/steps.ts";
import type { MenuAction } from "./menu.ts";
import { expectPayload, expectStatus, type RecordedStep } from "./recorder.ts";
import type { Screen } from "./screen.ts";

export interface ActionContext {
  cp: ChargePoint;
  /**
   * The version spoken: its schemas check what is typed, in its scenario terms (`payloadsOf`),
   * and its terms word the questions (connector or EVSE, idTag or idToken with its type).
   */
  row: OcppVersionRow;
  screen: Screen;
  /** Answers remembered within the session, offered as defaults. */
  memory: { idTag: string; tokenType: IdTokenType; vendorId: string; power: string };
  show(line: string): void;
}

type Action = (ctx: ActionContext) => Promise<RecordedStep | undefined>;

async function pickConnector(
  ctx: ActionContext,
  test: (c: Connector) => boolean,
  withZero = false,
): Promise<number> {
  const { terms } = ctx.row;
  const options = ctx.cp.connectors.filter(test);
  const whole = withZero ? terms.wholeStatus : undefined;
  if (!whole && options.length === 1) return options[0]!.id;
  const choices = [
    ...(whole ? [{ value: 0, name: whole }] : []),
    ...options.map((c) => ({
      value: c.id,
      name: `${terms.place(c.at)} (${terms.status(c.status)}${c.transaction ? `, transaction ${c.transaction.id}` : ""})`,
    })),
  ];
  return ctx.screen.ask(() => select({ message: `Which ${terms.placeKind}?`, choices }));
}

const ask = (ctx: ActionContext, message: string, def: string, validate: (v: string) => true | string) =>
  ctx.screen.ask(() => input({ message, default: def, validate }));

/**
 * The token to present, and its type where the version sends one (the one chosen before first).
 * 20 characters at most on every version: a recording replays on any version, and 1.6's idTag
 * is the shortest.
 */
async function askToken(ctx: ActionContext): Promise<{ idTag: string; tokenType?: IdTokenType }> {
  const { terms } = ctx.row;
  const idTag = await ask(
    ctx,
    terms.token,
    ctx.memory.idTag,
    (v) => (v.length >= 1 && v.length <= 20) || `an ${terms.token} has 1 to 20 characters here`,
  );
  ctx.memory.idTag = idTag;
  if (terms.tokenTypes.length === 0) return { idTag };
  const tokenType = await ctx.screen.ask(() =>
    select<IdTokenType>({
      message: `${terms.token} type`,
      choices: terms.tokenTypes.map((t) => ({ value: t })),
      default: ctx.memory.tokenType,
    }),
  );
  ctx.memory.tokenType = tokenType;
  // A card is what a step presents by default: the recording says the type only when it is not.
  return tokenType === terms.tokenTypes[0] ? { idTag } : { idTag, tokenType };
}

function rawJson(row: OcppVersionRow, action: string, kind: "request" | "response") {
  return (text: string): true | string => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return `not valid JSON: ${(err as Error).message}`;
    }
    const issue = row.schemas().validate(action, kind, value);
    return issue ? `${action} ${kind}: ${issue.message}` : true;
  };
}

/** Asks for a JSON payload of `action`, checked against the official schema before it is accepted. */
export function askJson(ctx: ActionContext, action: string, kind: "request" | "response", message: string) {
  return ctx.screen.ask(() => input({ message, default: "{}", validate: rawJson(ctx.row, action, kind) }));
}

/** The token verdict a stop was answered with, if any (none when it was queued offline). */
export function stopStatus(res: { idTagInfo?: { status: string } } | { queued: true }): string | undefined {
  return "queued" in res ? undefined : res.idTagInfo?.status;
}

export const ACTIONS: Record<Exclude<MenuAction, "answerMode" | "quit">, Action> = {
  boot: async ({ cp }) => {
    await cp.boot();
    return "boot";
  },
  status: async (ctx) => {
    const connector = await pickConnector(ctx, () => true, true);
    const status = await ctx.screen.ask(() =>
      select<ConnectorStatus>({
        message: "New status",
        choices: CONNECTOR_STATUSES.map((s) => ({ value: s, name: ctx.row.terms.status(s) })),
      }),
    );
    const errorCode =
      status === "Faulted"
        ? await ctx.screen.ask(() =>
            select<ConnectorErrorCode>({
              message: "Error code",
              choices: CONNECTOR_ERROR_CODES.map((e) => ({ value: e })),
            }),
          )
        : "NoError";
    await ctx.cp.setStatus(connector, status, errorCode);
    return { status: { connector, status, ...(errorCode !== "NoError" && { errorCode }) } };
  },
  authorize: async (ctx) => {
    const token = await askToken(ctx);
    // A driver's token: accepted before a cable, it may open the transaction (2.0.1 TxStartPoint Authorized).
    const { info } = await ctx.cp.presentToken(token.idTag, token.tokenType);
    return { authorize: { ...token, ...expectStatus(info.status, ACCEPTED_STATUS.status) } };
  },
  plugIn: async (ctx) => {
    const connector = await pickConnector(ctx, (c) => !c.plugged);
    await ctx.cp.plugIn(connector);
    return { plugIn: { connector } };
  },
  start: async (ctx) => {
    const connector = await pickConnector(
      ctx,
      (c) => !c.transaction && c.status !== "Faulted" && c.status !== "Unavailable",
    );
    const token = await askToken(ctx);
    const res = await ctx.cp.startTransaction(connector, token.idTag, {
      powerW: parsePower(ctx.memory.power),
      tokenType: token.tokenType,
    });
    // Offline the start is queued: there is no answer, so nothing to expect.
    const status = "queued" in res ? undefined : res.idTagInfo?.status;
    return {
      startTransaction: {
        connector,
        ...token,
        power: ctx.memory.power,
        ...expectStatus(status, ACCEPTED_STATUS.status),
      },
    };
  },
  stop: async (ctx) => {
    const connector = await pickConnector(ctx, (c) => c.transaction !== undefined);
    const reason = await ctx.screen.ask(() =>
      select<StopReason>({
        message: "Reason",
        choices: STOP_REASONS.map((r) => {
          // The version's word for it, and the model's where they differ (ImmediateReset (HardReset)).
          const word = ctx.row.terms.stopReason(r);
          return { value: r, name: word === r ? r : `${word} (${r})` };
        }),
        default: "Local",
      }),
    );
    const res = await ctx.cp.stopTransaction(connector, reason);
    return { stopTransaction: { connector, reason, ...expectStatus(stopStatus(res)) } };
  },
  unplug: async (ctx) => {
    const connector = await pickConnector(ctx, (c) => c.plugged);
    await ctx.cp.unplug(connector);
    return { unplug: { connector } };
  },
  meterValues: async (ctx) => {
    const connector = await pickConnector(ctx, () => true);
    await ctx.cp.sendMeterValues(connector, "Trigger");
    return { meterValues: { connector } };
  },
  power: async (ctx) => {
    const connector = await pickConnector(ctx, () => true);
    const power = await ask(ctx, "Power (e.g. 7.4kW, 3600W)", ctx.memory.power, (v) => {
      try {
        parsePower(v.trim());
        return true;
      } catch {
        return "write a power such as 11kW or 7400W";
      }
    });
    ctx.memory.power = power.trim();
    ctx.cp.setPower(connector, parsePower(ctx.memory.power));
    ctx.show(`connector ${connector} now draws ${ctx.memory.power}`);
    return { setPower: { connector, power: ctx.memory.power } };
  },
  fault: async (ctx) => {
    const connector = await pickConnector(ctx, (c) => c.status !== "Faulted");
    const errorCode = await ctx.screen.ask(() =>
      select<ConnectorErrorCode>({
        message: "Error code",
        choices: CONNECTOR_ERROR_CODES.filter((e) => e !== "NoError").map((e) => ({ value: e })),
        default: "OtherError",
      }),
    );
    await ctx.cp.fault(connector, errorCode);
    return { fault: { connector, errorCode } };
  },
  clearFault: async (ctx) => {
    const connector = await pickConnector(ctx, (c) => c.status === "Faulted");
    await ctx.cp.clearFault(connector);
    return { clearFault: { connector } };
  },
  dataTransfer: async (ctx) => {
    const vendorId = await ask(
      ctx,
      "vendorId",
      ctx.memory.vendorId,
      (v) => (v.length >= 1 && v.length <= 255) || "1 to 255 characters",
    );
    ctx.memory.vendorId = vendorId;
    const messageId = await ask(
      ctx,
      "messageId (optional)",
      "",
      (v) => v.length <= 50 || "at most 50 characters",
    );
    const data = await ask(ctx, "data (optional)", "", () => true);
    const res = await ctx.cp.dataTransfer(vendorId, messageId || undefined, data || undefined);
    return {
      dataTransfer: {
        vendorId,
        ...(messageId && { messageId }),
        ...(data && { data }),
        ...expectStatus(res.status),
      },
    };
  },
  raw: async (ctx) => {
    const action = await ask(
      ctx,
      "Action",
      "DataTransfer",
      (v) => ctx.row.schemas().has(v) || `OCPP ${ctx.row.payloadsOf} has no action "${v}"`,
    );
    const text = await askJson(ctx, action, "request", `${action} payload (JSON)`);
    const payload = JSON.parse(text) as Record<string, unknown>;
    const res = await ctx.cp.send(action, payload);
    return { send: { action, payload, ...expectPayload(res) } };
  },
  disconnect: async ({ cp }) => {
    await cp.disconnect();
    return "disconnect";
  },
  reconnect: async ({ cp }) => {
    await cp.connect();
    return "reconnect";
  },
  config: async ({ cp, row, show }) => {
    const lines = row.terms.settings(cp.commands);
    const width = Math.max(36, ...lines.map((l) => l.name.length));
    show(`  ${row.terms.settingsTitle}:`);
    for (const l of lines) show(`  ${l.name.padEnd(width)} ${l.value}${l.readonly ? "  (read-only)" : ""}`);
    return undefined;
  },
};
