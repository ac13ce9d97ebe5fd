/** Loopback clients for the three sandbox endpoints the benchmark uses. */

const TIMEOUT_MS = 15_000;

export class ProtocolError extends Error {}

async function postJson(url, headers, body) {
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Cognito JSON protocol (reference §A.2/A.3); throws ProtocolError on status ≥ 300. */
export function cognitoClient(baseUrl) {
  const url = `${baseUrl}/cognito`;
  return async function call(op, body) {
    const r = await postJson(
      url,
      { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` },
      body,
    );
    if (r.status >= 300) {
      const name = r.json?.__type ?? r.headers.get('x-amzn-errortype') ?? 'UnknownError';
      throw new ProtocolError(`${op}: HTTP ${r.status} ${name}: ${r.json?.message ?? r.text.slice(0, 200)}`);
    }
    if (r.json === undefined) throw new ProtocolError(`${op}: HTTP ${r.status} with a body that is not JSON: ${r.text.slice(0, 200)}`);
    return r.json;
  };
}

/** POST {query, variables} with a user-pool access token; throws on HTTP errors or GraphQL `errors`. */
export async function graphql(dataUrl, token, query, variables) {
  const r = await postJson(dataUrl, { 'content-type': 'application/json', authorization: token }, { query, variables });
  if (r.status >= 300) throw new ProtocolError(`GraphQL: HTTP ${r.status}: ${r.text.slice(0, 300)}`);
  if (!r.json) throw new ProtocolError(`GraphQL: body is not JSON: ${r.text.slice(0, 200)}`);
  if (r.json.errors?.length) throw new ProtocolError(`GraphQL errors: ${JSON.stringify(r.json.errors).slice(0, 300)}`);
  return r.json.data;
}

/** The 6-digit code of the newest message to `to` in the dev mailbox (polls briefly, bounded). */
export async function mailboxCode(baseUrl, to) {
  for (let attempt = 0; attempt < 40; attempt++) {
    const res = await fetch(`${baseUrl}/_hearth/mailbox?to=${encodeURIComponent(to)}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (res.status !== 200) throw new ProtocolError(`mailbox: HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const { messages } = await res.json();
    const last = messages?.[messages.length - 1];
    const code = last?.text?.match(/\b(\d{6})\b/)?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new ProtocolError(`mailbox: no message with a 6-digit code for ${to}`);
}

/** Claims of a JWT (no verification: the server issued it to us over loopback). */
export function jwtClaims(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}
