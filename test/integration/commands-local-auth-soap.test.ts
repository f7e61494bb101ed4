// Local authorization and the offline queue over OCPP 1.6 SOAP, with the embedded central system.
import { embeddedAuthPeer, localAuthTests } from "./commands-local-auth.ts";

localAuthTests("the embedded central system over SOAP 1.6", (opts) => embeddedAuthPeer(opts, "soap"));
