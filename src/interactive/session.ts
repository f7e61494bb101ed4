import { confirm, select } from "@inquirer/prompts";
import type { ChalkInstance } from "chalk";
import { DateTime } from "luxon";
import { ChargePoint } from "../chargepoint/charge-point.ts";
import type { ChargePointEvent } from "../chargepoint/events.ts";
import type { ChargePointOptions } from "../chargepoint/options.ts";
import { persistentChargePoint, resumeClockAt } from "../chargepoint/persistence/attach.ts";
import type { StateStore } from "../chargepoint/persistence/store.ts";
import type { CentralSystem } from "../csms/server.ts";
import { dialerFor } from "../ocpp/dial.ts";
import { ERROR_DESCRIPTIONS, OcppError, type OcppErrorCode } from "../ocpp/errors.ts";
import { type OcppVersion, versionRow } from "../ocpp/versions.ts";
import { describeConnectionEvent } from "../report/connection.ts";
import { summarize } from "../report/summarize.ts";
import { type Answer, toPayload } from "../scenario/inbox.ts";
import type { TlsOptions } from "../transport/json/connect.ts";
import type { TraceEvent } from "../transport/json/rpc.ts";
import type { CallbackListen } from "../transport/soap/callback-host.ts";
import { SimClock } from "../util/clock.ts";
import { errorMessage } from "../util/errors.ts";
import { own } from "../util/own.ts";
import { ACTIONS, type ActionContext, askJson, stopStatus } from "./actions.ts";
import { type MenuAction, menuChoices } from "./menu.ts";
import { expectStatus, type Recorder } from "./recorder.ts";
import type { Screen } from "./screen.ts";

export interface SessionOptions {
  url: string;
  version: OcppVersion;
  id: string;
  connectors: number;
  password?: string;
  tls?: TlsOptions;
  screen: Screen;
  colors: ChalkInstance;
  recorder?: Recorder;
  csms?: CentralSystem;
  interrupted?: AbortSignal;
  /** --respond: answers to central-system calls instead of the charge point's own, by action. */
  respond?: Record<string, Answer>;
  /** SOAP: where the charge point listens for the central system's calls. */
  callback?: CallbackListen;
  /** --state-dir: the charge point starts from its saved state and keeps it there. */
  state?: StateStore;
}

interface IncomingCall {
  action: string;
  payload: unknown;
  auto: () => unknown;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

const CALLERROR_CODES: OcppErrorCode[] = [
  "NotSupported",
  "NotImplemented",
  "InternalError",
  "ProtocolError",
  "SecurityError",
  "GenericError",
];

/** One charge point driven from the menu until the user quits. */
export class InteractiveSession {
  readonly cp: ChargePoint;
  private answerByHand = false;
  private last: MenuAction = "boot";
  private readonly incoming: IncomingCall[] = [];
  private readonly ctx: ActionContext;

  constructor(private readonly o: SessionOptions) {
    const c = o.colors;
    const options: ChargePointOptions = {
      id: o.id,
      connectors: o.connectors,
      events: (e) => this.onEvent(e),
      dial: dialerFor({
        url: o.url,
        version: o.version,
        password: o.password,
        tls: o.tls,
        callback: o.callback,
        trace: (_cp, e) => o.screen.log(this.formatTrace(e)),
        onProblem: (_cp, m) => o.screen.log(c.yellow(`  ! ${m}`)),
        intercept: (_cp, action, payload, auto) => {
          // --respond answers as a scenario's respond does; answering by hand still comes first.
          const override = own(o.respond, action);
          if (!this.answerByHand) return override === undefined ? auto() : toPayload(override);
          return new Promise((resolve, reject) => {
            this.incoming.push({ action, payload, auto, resolve, reject });
            o.screen.interrupt();
          });
        },
      }),
    };
    const saved = o.state?.load(o.id);
    this.cp = o.state
      ? persistentChargePoint(o.state, { ...options, clock: new SimClock(1, resumeClockAt([saved])) }, saved)
          .cp
      : new ChargePoint(options);
    this.ctx = {
      cp: this.cp,
      screen: o.screen,
      row: versionRow(o.version),
      memory: { idTag: "TAG-0001", tokenType: "ISO14443", vendorId: "com.example", power: "11kW" },
      show: (line) => o.screen.log(line),
    };
  }

  /** The menu loop; resolves when the user quits, saying whether it was with Ctrl-C (exit 130). */
  async run(): Promise<"quit" | "interrupted"> {
    for (;;) {
      try {
        if (this.o.interrupted?.aborted && (await this.quit(false))) return "interrupted";
        if (await this.step()) return "quit";
      } catch (err) {
        // Ctrl-C at any prompt, the menu or a question, leads to the same clean exit.
        if ((err as Error).name !== "ExitPromptError") throw err;
        if (await this.quit(true)) return "interrupted";
      }
    }
  }

  /** One turn: pending calls to answer, the menu, the chosen action. True when the user quits. */
  private async step(): Promise<boolean> {
    await this.answerIncoming();
    const choice = await this.o.screen.menuPrompt((signal) =>
      select<MenuAction>(
        {
          message: "What next?",
          choices: menuChoices(this.cp, this.answerByHand, this.ctx.row.terms),
          default: this.last,
          pageSize: 20,
          loop: false,
        },
        { signal },
      ),
    );
    if (choice === undefined) return false;
    this.last = choice;
    if (choice === "quit") return this.quit(false);
    if (choice === "answerMode") {
      this.answerByHand = !this.answerByHand;
      const how = this.answerByHand ? "by hand" : "automatically";
      this.o.screen.log(this.o.colors.dim(`central system calls are now answered ${how}`));
      return false;
    }
    await this.perform(choice);
    return false;
  }

  private async perform(choice: Exclude<MenuAction, "answerMode" | "quit">): Promise<void> {
    try {
      const step = await ACTIONS[choice](this.ctx);
      if (step !== undefined) this.o.recorder?.add(step);
    } catch (err) {
      if ((err as Error).name === "ExitPromptError") throw err;
      this.o.screen.log(this.o.colors.red(`✘ ${errorMessage(err)}`));
    }
  }

  private async answerIncoming(): Promise<void> {
    while (this.incoming.length > 0) {
      const call = this.incoming.shift()!;
      const { screen } = this.o;
      try {
        const how = await screen.ask(() =>
          select({
            message: `The central system calls ${call.action}. Answer how?`,
            choices: [
              { value: "auto", name: "As the charge point would" },
              { value: "json", name: "Write the answer (JSON)" },
              { value: "error", name: "With a CALLERROR" },
            ],
          }),
        );
        if (how === "auto") call.resolve(await call.auto());
        else if (how === "json")
          call.resolve(
            JSON.parse(await askJson(this.ctx, call.action, "response", `${call.action} answer (JSON)`)),
          );
        else {
          const code = await screen.ask(() =>
            select<OcppErrorCode>({
              message: "Error code",
              choices: CALLERROR_CODES.map((value) => ({ value, description: ERROR_DESCRIPTIONS[value] })),
            }),
          );
          call.reject(new OcppError(code));
        }
      } catch (err) {
        // Unanswered, the call gets a CALLERROR rather than waiting for its timeout.
        call.reject(err);
        if ((err as Error).name === "ExitPromptError") throw err;
      }
    }
  }

  /** Ends the session; with transactions running it asks first. Returns false to carry on. */
  private async quit(interrupted: boolean): Promise<boolean> {
    const running = this.cp.connectors.filter((c) => c.transaction !== undefined);
    if (running.length > 0 && this.cp.connected) {
      let stop = true;
      try {
        stop = await this.o.screen.ask(() =>
          confirm({
            message: `Stop the running transaction${running.length > 1 ? "s" : ""} and quit?`,
            default: true,
          }),
        );
      } catch {
        // A second Ctrl-C at this question means "quit now, as it is".
        stop = false;
        interrupted = false;
      }
      if (!stop && interrupted) return false;
      if (stop) {
        for (const c of running) {
          try {
            const res = await this.cp.stopTransaction(c.id, "Local");
            this.o.recorder?.add({
              stopTransaction: { connector: c.id, reason: "Local", ...expectStatus(stopStatus(res)) },
            });
          } catch (err) {
            this.o.screen.log(this.o.colors.red(`✘ ${errorMessage(err)}`));
          }
        }
      }
    }
    this.cp.shutdown();
    await this.cp.disconnect().catch(() => {});
    return true;
  }

  private formatTrace(e: TraceEvent): string {
    const c = this.o.colors;
    const time = c.dim(DateTime.fromMillis(e.at).toFormat("HH:mm:ss.SSS"));
    const arrow = e.dir === "out" ? c.blue("→") : c.magenta("←");
    const who = e.dir === "in" && e.kind === "call" ? c.yellow(" (central system)") : "";
    const text = summarize(e.action, e.kind, e.payload);
    const latency = e.latencyMs === undefined ? "" : c.dim(`  ${Math.round(e.latencyMs)} ms`);
    return `${time} ${arrow} ${e.action}${who} ${e.kind === "error" ? c.red(text) : text}${latency}`;
  }

  private onEvent(e: ChargePointEvent): void {
    const c = this.o.colors;
    if (e.type === "status") {
      const { terms } = this.ctx.row;
      const where = e.connectorId === 0 ? "charge point" : terms.place(this.cp.connector(e.connectorId).at);
      this.o.screen.log(c.dim(`  ${where}: ${terms.status(e.from)} → ${terms.status(e.to)}`));
    } else if (describeConnectionEvent(e)) this.o.screen.log(c.yellow(`  ${describeConnectionEvent(e)}`));
    else if (e.type === "problem") this.o.screen.log(c.yellow(`  ! ${e.message}`));
    else if (e.type === "configChanged")
      this.o.screen.log(c.dim(`  ${this.ctx.row.terms.settingName(e.key)} is now ${e.value}`));
  }
}
