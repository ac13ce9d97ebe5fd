/**
 * What the in-process auth benchmarks (auth-micro.js, auth-ab.mjs) share: the user pool they sign in
 * to, and a Cognito client that calls a handler directly and adds the CPU of the handler calls alone
 * to a meter. Imports nothing from dist/, so auth-ab.mjs can use it with two built trees.
 */

/** The pool's IR: email sign-in, the default password policy, no triggers. */
export function benchPoolIr(name) {
  return {
    userPoolId: `us-east-1_${name}`,
    userPoolClientId: `${name}client`,
    identityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000001',
    loginWith: { email: true, phone: false },
    requiredAttributes: ['email'],
    groups: [],
    triggers: {},
    passwordPolicy: { minLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
    allowUnauthenticatedIdentities: true,
  };
}

/** `call(op, body)` through `handler` in this process; `meter.ms` grows by each call's CPU (process.cpuUsage). */
export function inProcessCall(handler, meter, label = '') {
  return async (op, body) => {
    const req = {
      method: 'POST',
      path: '/cognito',
      query: '',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` },
      body: JSON.stringify(body),
      remoteAddress: '127.0.0.1',
    };
    const before = process.cpuUsage();
    const r = await handler(req);
    const used = process.cpuUsage(before);
    meter.ms += (used.user + used.system) / 1000;
    if (r.status >= 300) throw new Error(`${label}${op}: ${r.status} ${r.body}`);
    return JSON.parse(r.body);
  };
}
