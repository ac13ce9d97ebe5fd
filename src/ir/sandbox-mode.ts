import type { AuthRuleIR, DataIR } from './types.js';

/**
 * Amplify's "sandbox mode": with no defineAuth and no `authorizationModes`, defineData's API uses
 * an API key by default (backend-data `isUsingDefaultApiKeyAuth`), and the transformer then lets
 * that key create, read, update and delete every model that has no `@auth` of its own (raw SDL,
 * or `a.model()` in a schema whose builder allowed it). Amplify prints a warning; so does Hearth.
 */
export function applySandboxMode(
  data: DataIR,
  o: { hasAuth: boolean; authorizationModes: unknown; where: string; warnings: string[] },
): DataIR {
  if (o.hasAuth || o.authorizationModes !== undefined || data.defaultAuthMode !== 'apiKey') return data;
  const open = data.models.filter((m) => m.authRules.length === 0);
  if (open.length === 0) return data;
  o.warnings.push(
    `${o.where}: WARNING: your GraphQL API currently allows public create, read, update, and delete access to all models via an API Key (${open
      .map((m) => m.name)
      .join(
        ', ',
      )} ${open.length === 1 ? 'has' : 'have'} no authorization rules). To configure PRODUCTION-READY authorization rules, review: https://docs.amplify.aws/react/build-a-backend/data/customize-authz/`,
  );
  const publicKey: AuthRuleIR = {
    allow: 'public',
    provider: 'apiKey',
    operations: ['create', 'update', 'delete', 'get', 'list', 'sync', 'listen', 'search'],
  };
  return { ...data, models: data.models.map((m) => (m.authRules.length === 0 ? { ...m, authRules: [publicKey] } : m)) };
}
