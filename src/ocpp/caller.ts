import type { Wire } from "../transport/wire.ts";

/**
 * What a protocol mapping needs from a transport: send a request for an action and get the
 * validated response payload. OCPP-J and SOAP transports both provide it.
 */
import type { CallOptions } from "./neutral.ts";

export interface RpcCaller {
  call(action: string, payload: unknown, how?: CallOptions): Promise<unknown>;
  close(): Promise<void>;
  /** Fault-injection controls of the transport under it. */
  readonly wire?: Wire;
}
