// What the command suites share: a booted charge point wired to one of the two peers, and the
// check that a command's answer comes first, followed by exactly the messages that carry it out.
import { expect } from "vitest";
import type { ChargePointOptions } from "../../src/chargepoint/charge-point.ts";
import type { CommandPeer, PeerOptions } from "./command-peers.ts";
import { closeChargePoint, makeChargePoint, type TestChargePoint } from "./helpers.ts";

export type StartPeer = (opts: PeerOptions) => Promise<CommandPeer>;

export class CommandHarness {
  private current: { peer: CommandPeer; t: TestChargePoint } | undefined;

  constructor(private readonly startPeer: StartPeer) {}

  get peer(): CommandPeer {
    return this.current!.peer;
  }

  get t(): TestChargePoint {
    return this.current!.t;
  }

  /** A booted two-connector charge point; sampling is off unless the options turn it on. */
  async setup(opts: PeerOptions & Partial<ChargePointOptions> = {}) {
    const { authorize, ...cpOptions } = opts;
    const peer = await this.startPeer({ authorize });
    const t = makeChargePoint(peer.url, {
      connectors: 2,
      ...cpOptions,
      config: { MeterValueSampleInterval: "0", ...cpOptions.config },
    });
    this.current = { peer, t };
    await t.cp.connect();
    await t.cp.boot();
    return t.cp;
  }

  /** Sends a command, checks the answer's status, then awaits and checks the messages that follow. */
  async expectCommand(
    action: string,
    payload: Record<string, unknown>,
    answer: string | undefined,
    followUps: string[] = [],
  ): Promise<void> {
    const mark = this.peer.transcript.lines.length;
    expect((await this.peer.call(action, payload)).status).toBe(answer);
    await this.expectLines(mark, [
      answer === undefined ? `reply ${action}` : `reply ${action} ${answer}`,
      ...followUps,
    ]);
  }

  /** Awaits as many lines after `mark` as expected, then checks they are exactly those. */
  async expectLines(mark: number, lines: string[]): Promise<void> {
    await this.peer.transcript.waitForLines(mark, lines.length);
    expect(this.peer.transcript.since(mark)).toEqual(lines);
  }

  /** The payload of the last line written, e.g. the BootNotification a reboot sent. */
  lastPayload(line: string): unknown {
    const { lines, payloads } = this.peer.transcript;
    return payloads[lines.lastIndexOf(line)];
  }

  expectClean(): void {
    expect(this.peer.problems()).toEqual([]);
    expect(this.t.problems).toEqual([]);
  }

  async close(): Promise<void> {
    await closeChargePoint(this.current?.t);
    await this.current?.peer.close();
    this.current = undefined;
  }
}
