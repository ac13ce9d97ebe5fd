/**
 * `@simplewebauthn/server`, loaded on the first passkey call: with its ASN.1 and DI dependencies it
 * is the heaviest package the CLI bundles, and no other request needs it, so a start does not pay for it.
 */
let loading: Promise<typeof import('@simplewebauthn/server')> | undefined;

export function webauthnServer(): Promise<typeof import('@simplewebauthn/server')> {
  loading ??= import('@simplewebauthn/server');
  return loading;
}
