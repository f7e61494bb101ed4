// Local authorization and the offline queue against cpsim's own embedded central system.
import { embeddedAuthPeer, localAuthTests } from "./commands-local-auth.ts";

localAuthTests("the embedded central system", embeddedAuthPeer);
