// Local authorization and the offline queue against ocpp-rpc in strict mode: it validates each
// request it sends and each answer and message it receives against its own copy of the 1.6 schemas.
import { localAuthTests, ocppRpcAuthPeer } from "./commands-local-auth.ts";

localAuthTests("ocpp-rpc (strict mode)", ocppRpcAuthPeer);
