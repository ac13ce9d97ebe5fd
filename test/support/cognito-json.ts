/**
 * Cognito user-pool operations as plain JSON over HTTP (what every SDK sends), for tests that want no
 * SDK between them and the wire. A Cognito error is thrown as a CognitoError with its `__type` name.
 */

export class CognitoError extends Error {
  constructor(
    readonly name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Calls `AWSCognitoIdentityProviderService.<op>` at `endpoint` (the sandbox's /cognito). */
export async function cognitoJson(endpoint: string, op: string, body: object): Promise<any> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as any;
  if (res.status !== 200) throw new CognitoError(String(json.__type ?? 'Unknown'), String(json.message ?? ''), res.status);
  return json;
}
