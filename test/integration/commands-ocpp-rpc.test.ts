// Every implemented central-system command, sent by ocpp-rpc in strict mode: it validates each
// request it sends and each answer and message it receives against its own copy of the 1.6 schemas.
import { ocppRpcPeer } from "./command-peers.ts";
import { commandTests } from "./commands.ts";

commandTests("ocpp-rpc (strict mode)", ocppRpcPeer);
