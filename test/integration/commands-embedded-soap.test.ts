// Every central-system command again, over OCPP 1.6 SOAP: the embedded central system calls the
// charge point's ChargePointService endpoint, and the same handlers answer as over OCPP-J.
import { embeddedPeer } from "./command-peers.ts";
import { commandTests } from "./commands.ts";

commandTests("the embedded central system over SOAP 1.6", (opts) => embeddedPeer(opts, "soap"));
