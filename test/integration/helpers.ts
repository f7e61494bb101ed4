// Shared pieces of the integration tests: real servers on 127.0.0.1 port 0, a charge point wired
// to one of them, and small async queues so a test awaits what it expects instead of sleeping.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { fileURLToPath } from "node:url";
import { type RPCClient, RPCServer } from "ocpp-rpc";
import { expect } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { ChargePoint, type ChargePointOptions } from "../../src/chargepoint/charge-point.ts";
import type { ChargePointEvent } from "../../src/chargepoint/events.ts";
import { type DialOptions, dialerFor } from "../../src/ocpp/dial.ts";

export const HOST = "127.0.0.1";
// Long enough that no Heartbeat timer fires during a test, even with a fast simulated clock.
export const HEARTBEAT_INTERVAL = 86_400;
export const OCPP_RPC_TRANSACTION_ID = 4242;
export const BASIC_SCENARIO = fileURLToPath(
  new URL("../../scenarios/basic-charging-session.yaml", import.meta.url),
);

/** OCPP timestamps: ISO 8601 in UTC, as Date#toISOString writes them. */
export function expectIsoTimestamp(value: unknown): void {
  expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/);
  expect(new Date(value as string).toISOString()).toBe(value);
}

/** An async FIFO: producers push, a test awaits next(). */
export class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiting: ((item: T) => void)[] = [];

  push(item: T): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  }

  next(): Promise<T> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift()!);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

export interface LoggedCall {
  action: string;
  params: Record<string, unknown>;
}

/** Every call a central system received, in order; a test can await the n-th match. */
export class CallLog {
  readonly calls: LoggedCall[] = [];
  private readonly waiters = new Set<{ match: (c: LoggedCall[]) => boolean; resolve: () => void }>();

  record(action: string, params: unknown): void {
    this.calls.push({ action, params: params as Record<string, unknown> });
    for (const w of this.waiters) {
      if (w.match(this.calls)) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  get actions(): string[] {
    return this.calls.map((c) => c.action);
  }

  of(action: string): LoggedCall[] {
    return this.calls.filter((c) => c.action === action);
  }

  /** Resolves once `count` calls of `action` (optionally matching) have been received. */
  waitForCount(action: string, count: number, match: (c: LoggedCall) => boolean = () => true): Promise<void> {
    const enough = (calls: LoggedCall[]) =>
      calls.filter((c) => c.action === action && match(c)).length >= count;
    if (enough(this.calls)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add({ match: enough, resolve }));
  }
}

export interface TestChargePoint {
  cp: ChargePoint;
  /** Protocol problems (onProblem) and charge point "problem" events. */
  problems: string[];
  events: ChargePointEvent[];
}

/** A ChargePoint that reaches `url` through cpsim's own OCPP-J link, collecting what goes wrong. */
export function makeChargePoint(
  url: string,
  opts: Partial<ChargePointOptions> & { link?: Partial<DialOptions> } = {},
): TestChargePoint {
  const problems: string[] = [];
  const events: ChargePointEvent[] = [];
  const { link, ...cpOptions } = opts;
  const cp = new ChargePoint({
    id: "CP-IT-001",
    ...cpOptions,
    dial: dialerFor({
      url,
      version: "1.6",
      onProblem: (_cp, message) => problems.push(message),
      ...link,
    }),
    events: (event) => {
      events.push(event);
      if (event.type === "problem") problems.push(event.message);
    },
  });
  return { cp, problems, events };
}

export async function closeChargePoint(t: TestChargePoint | undefined): Promise<void> {
  if (!t) return;
  t.cp.shutdown();
  await t.cp.disconnect();
}

export async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

function closeHttp(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port on which nothing listens: bound once, then released. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await closeHttp(server);
  return port;
}

/** An HTTP server that answers every WebSocket upgrade with the given status. */
export async function startUpgradeRefuser(status: number, statusText: string) {
  const server = createServer();
  server.on("upgrade", (_req: IncomingMessage, socket: Duplex) => {
    socket.end(`HTTP/1.1 ${status} ${statusText}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  });
  const port = await listen(server);
  return { url: `ws://${HOST}:${port}`, close: () => closeHttp(server) };
}

export interface RawPeer {
  ws: WebSocket;
  /** Text frames from the charge point, parsed when they are JSON, raw text otherwise. */
  frames: Inbox<unknown>;
  send(frame: unknown): void;
}

export interface RawCsmsOptions {
  /** Chooses the subprotocol; by default ocpp1.6 when offered. */
  handleProtocols?: (offered: Set<string>) => string | false;
  /** Frames sent the moment the connection opens, in the same tick as the handshake. */
  greeting?: unknown[][];
}

/** What arrives on a WebSocket, each message parsed as JSON where it is JSON, else kept as text. */
export function framesOf(ws: WebSocket): Inbox<unknown> {
  const frames = new Inbox<unknown>();
  ws.on("message", (data) => {
    const text = data.toString();
    try {
      frames.push(JSON.parse(text));
    } catch {
      frames.push(text);
    }
  });
  return frames;
}

/**
 * A bare WebSocket "central system" with no OCPP logic: each test scripts what it sends and
 * awaits what it receives.
 */
export async function startRawCsms(opts: RawCsmsOptions = {}) {
  const server = createServer();
  const wss = new WebSocketServer({
    server,
    perMessageDeflate: false,
    handleProtocols: opts.handleProtocols ?? ((offered) => (offered.has("ocpp1.6") ? "ocpp1.6" : false)),
  });
  const peers = new Inbox<RawPeer>();
  wss.on("connection", (ws) => {
    const frames = framesOf(ws);
    const send = (frame: unknown) => ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
    for (const frame of opts.greeting ?? []) send(frame);
    peers.push({ ws, frames, send });
  });
  const port = await listen(server);
  return {
    url: `ws://${HOST}:${port}`,
    nextPeer: () => peers.next(),
    async close(): Promise<void> {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await closeHttp(server);
    },
  };
}

/** Awaits the next frame from a raw peer and checks it is a CALL of `action`; returns [id, payload]. */
export async function expectCall(peer: RawPeer, action: string): Promise<[string, Record<string, unknown>]> {
  const frame = (await peer.frames.next()) as unknown[];
  expect(frame).toEqual([2, expect.any(String), action, expect.any(Object)]);
  return [frame[1] as string, frame[3] as Record<string, unknown>];
}

type RpcPeer = InstanceType<typeof RPCClient>;

/**
 * An independent OCPP 1.6-J central system: ocpp-rpc's RPCServer in strict mode. It answers the
 * charge point's core actions, records each call with its params, and collects strict-mode failures.
 */
export async function startOcppRpcCsms(opts: { authorize?: (idTag: string) => string } = {}) {
  const server = new RPCServer({ protocols: ["ocpp1.6"], strictMode: true, pingIntervalMs: 0 });
  const http = await server.listen(0, HOST);
  const log = new CallLog();
  const clients = new Inbox<RpcPeer>();
  const strictFailures: unknown[] = [];
  const badMessages: { buffer: Buffer; error: Error }[] = [];
  const now = () => new Date().toISOString();
  const idTagInfo = (params: Record<string, unknown>) => ({
    status: opts.authorize?.(params.idTag as string) ?? "Accepted",
  });
  const answers: Record<string, (params: Record<string, unknown>) => Record<string, unknown>> = {
    BootNotification: () => ({ status: "Accepted", currentTime: now(), interval: HEARTBEAT_INTERVAL }),
    Authorize: (params) => ({ idTagInfo: idTagInfo(params) }),
    StartTransaction: (params) => ({ transactionId: OCPP_RPC_TRANSACTION_ID, idTagInfo: idTagInfo(params) }),
    StopTransaction: () => ({ idTagInfo: { status: "Accepted" } }),
    StatusNotification: () => ({}),
    MeterValues: () => ({}),
    Heartbeat: () => ({ currentTime: now() }),
    DiagnosticsStatusNotification: () => ({}),
    FirmwareStatusNotification: () => ({}),
    DataTransfer: () => ({ status: "UnknownVendorId" }),
  };
  server.on("client", (client: RpcPeer) => {
    client.on("strictValidationFailure", (e) => strictFailures.push(e));
    client.on("badMessage", (e) => badMessages.push(e));
    for (const [action, answer] of Object.entries(answers)) {
      client.handle(action, async ({ params }) => {
        log.record(action, params);
        return answer(params ?? {});
      });
    }
    clients.push(client);
  });
  return {
    url: `ws://${HOST}:${(http.address() as AddressInfo).port}`,
    log,
    nextClient: () => clients.next(),
    strictFailures,
    badMessages,
    close: () => server.close({ force: true }),
  };
}

export type OcppRpcCsms = Awaited<ReturnType<typeof startOcppRpcCsms>>;
