import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { UserError } from "../util/errors.ts";

// Node's TLS options take any bytes and fail only during the handshake, with an error about the
// peer ("unable to get local issuer certificate") that hides the real mistake: a key given as
// --ca, a certificate given as --key. Checked here, before anything is sent.

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Every certificate in a PEM file; a file with none, or one that does not parse, is a UserError. */
export function certificatesIn(pem: Buffer, what: string, file: string): X509Certificate[] {
  const blocks = pem.toString("latin1").match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new UserError(
      `The ${what} file ${file} holds no certificate (no -----BEGIN CERTIFICATE----- block).`,
    );
  }
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new UserError(
        `The ${what} file ${file} holds a certificate that cannot be read (block ${i + 1}).`,
      );
    }
  });
}

/** The private key in a PEM file; anything else is a UserError. */
export function privateKeyIn(pem: Buffer, file: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    // OpenSSL's error for a missing passphrase differs between versions; the PEM header does not.
    const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(
      pem.toString("latin1"),
    );
    throw new UserError(
      encrypted
        ? `The client key file ${file} holds an encrypted private key; cpsim needs it without a passphrase.`
        : `The client key file ${file} holds no private key.`,
    );
  }
}

export interface TlsFiles {
  ca?: { pem: Buffer; file: string };
  cert?: { pem: Buffer; file: string };
  key?: { pem: Buffer; file: string };
}

/** Checks what --ca, --cert and --key point at, and that the key belongs to the certificate. */
export function checkTlsFiles(files: TlsFiles): void {
  if (files.ca) certificatesIn(files.ca.pem, "CA certificate", files.ca.file);
  const cert = files.cert && certificatesIn(files.cert.pem, "client certificate", files.cert.file)[0]!;
  const key = files.key && privateKeyIn(files.key.pem, files.key.file);
  if (cert && key && !cert.checkPrivateKey(key)) {
    throw new UserError(
      `The client key ${files.key!.file} does not belong to the client certificate ${files.cert!.file}.`,
    );
  }
}
