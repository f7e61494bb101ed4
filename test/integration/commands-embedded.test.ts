// Every implemented central-system command, sent by cpsim's own embedded central system.
import { embeddedPeer } from "./command-peers.ts";
import { commandTests } from "./commands.ts";

commandTests("the embedded central system", embeddedPeer);
