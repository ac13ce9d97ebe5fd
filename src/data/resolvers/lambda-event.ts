import { type FieldNode, type GraphQLResolveInfo, Kind, print, type SelectionSetNode } from 'graphql';
import type { Caller } from '../types.js';

/** Request details the protocol layer passes along (AppSync puts them in the event's `request`). */
export interface RequestContext {
  headers?: Record<string, string>;
  sourceIp?: string;
}

export interface EventContext {
  caller: Caller;
  request?: RequestContext;
  /** the identity pool id, for IAM callers' `cognitoIdentityPoolId` */
  identityPoolId?: string;
  /** the user pool id, for authenticated identities' `cognitoIdentityAuthProvider` */
  userPoolId?: string;
  region: string;
}

/**
 * The event AppSync's Lambda data source sends a function resolver, as the Amplify-generated
 * request template builds it (`typeName, fieldName, arguments, identity, source, request, prev`),
 * plus the `info` and `stash` AppSync adds for direct Lambda resolvers.
 * https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html
 */
export function lambdaEvent(args: Record<string, unknown>, info: GraphQLResolveInfo, c: EventContext) {
  const headers = c.request?.headers ?? {};
  return {
    typeName: info.parentType.name,
    fieldName: info.fieldName,
    arguments: args,
    identity: lambdaIdentity(c),
    source: null,
    request: { headers, domainName: null },
    prev: null,
    info: {
      selectionSetList: selectionList(info.fieldNodes, info),
      selectionSetGraphQL: selectionGraphQL(info.fieldNodes[0]?.selectionSet),
      parentTypeName: info.parentType.name,
      fieldName: info.fieldName,
      variables: info.variableValues,
    },
    stash: {},
  };
}

/** AppSync's `identity` per auth mode; null for API-key callers, `{resolverContext}` for a Lambda authorizer's. */
function lambdaIdentity(c: EventContext): Record<string, unknown> | null {
  const caller = c.caller;
  const sourceIp = c.request?.sourceIp ? [c.request.sourceIp] : [];
  if (caller.mode === 'apiKey') return null;
  if (caller.mode === 'userPool') {
    const claims = caller.claims;
    return {
      sub: claims.sub,
      issuer: typeof claims.raw.iss === 'string' ? claims.raw.iss : null,
      username: claims.username,
      claims: claims.raw,
      sourceIp,
      defaultAuthStrategy: 'ALLOW',
      groups: claims.groups.length ? claims.groups : null,
    };
  }
  if (caller.mode === 'lambda') return { resolverContext: caller.resolverContext };
  // OPENID_CONNECT: AppSync gives only the token's claims, issuer and subject
  if (caller.mode === 'oidc') return { claims: caller.claims.raw, issuer: caller.claims.raw.iss ?? null, sub: caller.claims.sub };
  const p = caller.principal;
  const account = '000000000000';
  if (p.kind === 'function') {
    const role = `${p.functionName}-role`;
    return {
      accountId: account,
      cognitoIdentityPoolId: null,
      cognitoIdentityId: null,
      sourceIp,
      username: `AROA${p.functionName.toUpperCase()}:${p.functionName}`,
      userArn: `arn:aws:sts::${account}:assumed-role/${role}/${p.functionName}`,
      cognitoIdentityAuthType: null,
      cognitoIdentityAuthProvider: null,
    };
  }
  const authType = p.authenticated ? 'authenticated' : 'unauthenticated';
  return {
    accountId: account,
    cognitoIdentityPoolId: c.identityPoolId ?? null,
    cognitoIdentityId: p.identityId,
    sourceIp,
    username: p.identityId,
    userArn: `arn:aws:sts::${account}:assumed-role/amplify-${authType}-role/CognitoIdentityCredentials`,
    cognitoIdentityAuthType: authType,
    cognitoIdentityAuthProvider: p.sub && c.userPoolId ? authProvider(c.region, c.userPoolId, p.sub) : null,
  };
}

/** What Cognito Identity reports for a user-pool sign-in: the provider, then the provider with the user. */
function authProvider(region: string, userPoolId: string, sub: string): string {
  const provider = `cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  return `"${provider}","${provider}:CognitoSignIn:${sub}"`;
}

/** `["text", "author", "author/name"]`: every selected field path below the operation's field, fragments inlined. */
function selectionList(nodes: readonly FieldNode[], info: GraphQLResolveInfo): string[] {
  const out: string[] = [];
  const walk = (set: SelectionSetNode | undefined, prefix: string) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value.startsWith('__')) continue;
        const path = `${prefix}${s.name.value}`;
        if (!out.includes(path)) out.push(path);
        walk(s.selectionSet, `${path}/`);
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, prefix);
      else walk(info.fragments[s.name.value]?.selectionSet, prefix);
    }
  };
  for (const n of nodes) walk(n.selectionSet, '');
  return out;
}

function selectionGraphQL(set: SelectionSetNode | undefined): string {
  return set ? print(set) : '';
}
