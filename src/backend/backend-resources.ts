import { definitionOf } from './definition.js';
import { ref, standIn } from './escape-hatch-recorder.js';
import type { EscapeHatchLog } from './registry.js';
import { addEventSource } from './stream-sources.js';

type Log = () => EscapeHatchLog;

/**
 * What `backend.<key>` answers for each kind of resource, shaped like Amplify's (`resources`,
 * `stack`, `addEnvironment`): the names and ARNs Hearth serves are references that the compiler
 * resolves (`${hearth:<key>.userPoolId}`); the rest are stand-ins that record what is done to them.
 * See https://docs.amplify.aws/react/build-a-backend/add-aws-services/overriding-resources/
 */
export function backendEntry(key: string, resource: unknown, log: Log, stack: unknown): Record<string, unknown> {
  const kind = definitionOf(resource)?.kind;
  const r = (attr: string) => ref(`${key}.${attr}`);
  const at = `backend.${key}`;
  const resources =
    kind === 'auth'
      ? authResources(at, r, log)
      : kind === 'data'
        ? dataResources(at, r, log)
        : kind === 'storage'
          ? storageResources(at, r, log)
          : kind === 'function'
            ? functionResources(at, r, log, key)
            : standIn(`${at}.resources`, log);
  const entry: Record<string, unknown> = { resources, stack };
  if (kind === 'function') entry.addEnvironment = addEnvironment(key, log);
  return standIn(at, log, { known: entry });
}

function addEnvironment(key: string, log: Log) {
  return standIn(`backend.${key}.addEnvironment`, log, {
    call: ([name, value], at) => void log().environment.push({ resource: key, name: String(name), value, at }),
  });
}

function role(at: string, r: (a: string) => string, prefix: string, log: Log) {
  return standIn(at, log, { known: { roleArn: r(`${prefix}RoleArn`), roleName: r(`${prefix}RoleName`) } });
}

function authResources(at: string, r: (a: string) => string, log: Log) {
  const p = `${at}.resources`;
  const userPool = { userPoolId: r('userPoolId'), userPoolArn: r('userPoolArn'), userPoolProviderName: r('userPoolProviderName') };
  const groups = new Proxy(
    {},
    {
      get: (_t, g) =>
        typeof g === 'string'
          ? standIn(`${p}.groups.${g}`, log, {
              known: {
                role: role(`${p}.groups.${g}.role`, r, `groups.${g}.`, log),
                cfnUserGroup: standIn(`${p}.groups.${g}.cfnUserGroup`, log, { known: { groupName: g } }),
              },
            })
          : undefined,
    },
  );
  return standIn(p, log, {
    known: {
      userPool: standIn(`${p}.userPool`, log, { known: userPool }),
      userPoolClient: standIn(`${p}.userPoolClient`, log, { known: { userPoolClientId: r('userPoolClientId') } }),
      authenticatedUserIamRole: role(`${p}.authenticatedUserIamRole`, r, 'authenticated', log),
      unauthenticatedUserIamRole: role(`${p}.unauthenticatedUserIamRole`, r, 'unauthenticated', log),
      identityPoolId: r('identityPoolId'),
      groups,
      cfnResources: standIn(`${p}.cfnResources`, log, {
        known: {
          cfnUserPool: standIn(`${p}.cfnResources.cfnUserPool`, log, {
            known: { ref: r('userPoolId'), attrArn: r('userPoolArn'), attrProviderName: r('userPoolProviderName') },
          }),
          cfnUserPoolClient: standIn(`${p}.cfnResources.cfnUserPoolClient`, log, { known: { ref: r('userPoolClientId') } }),
          cfnIdentityPool: standIn(`${p}.cfnResources.cfnIdentityPool`, log, {
            known: { ref: r('identityPoolId'), attrId: r('identityPoolId') },
          }),
        },
      }),
    },
  });
}

function dataResources(at: string, r: (a: string) => string, log: Log) {
  const p = `${at}.resources`;
  const table = (model: string) =>
    standIn(`${p}.tables.${model}`, log, {
      known: {
        tableName: r(`tables.${model}.tableName`),
        tableArn: r(`tables.${model}.tableArn`),
        tableStreamArn: r(`tables.${model}.tableStreamArn`),
      },
    });
  const api = { apiId: r('apiId'), arn: r('apiArn'), graphqlUrl: r('graphqlUrl') };
  return standIn(p, log, {
    known: {
      graphqlApi: standIn(`${p}.graphqlApi`, log, { known: api }),
      tables: new Proxy({}, { get: (_t, m) => (typeof m === 'string' ? table(m) : undefined) }),
      cfnResources: standIn(`${p}.cfnResources`, log, {
        known: {
          cfnGraphqlApi: standIn(`${p}.cfnResources.cfnGraphqlApi`, log, {
            known: { attrApiId: api.apiId, attrArn: api.arn, attrGraphQlUrl: api.graphqlUrl },
          }),
        },
      }),
    },
  });
}

function storageResources(at: string, r: (a: string) => string, log: Log) {
  const p = `${at}.resources`;
  const bucket = { bucketName: r('bucketName'), bucketArn: r('bucketArn') };
  return standIn(p, log, {
    known: {
      bucket: standIn(`${p}.bucket`, log, { known: bucket }),
      cfnResources: standIn(`${p}.cfnResources`, log, {
        known: { cfnBucket: standIn(`${p}.cfnResources.cfnBucket`, log, { known: { ref: bucket.bucketName, attrArn: bucket.bucketArn } }) },
      }),
    },
  });
}

function functionResources(at: string, r: (a: string) => string, log: Log, key: string) {
  const p = `${at}.resources`;
  const lambda = {
    functionName: r('functionName'),
    functionArn: r('functionArn'),
    role: role(`${p}.lambda.role`, r, '', log),
    // CDK's Function.addEnvironment, which Amplify apps call on resources.lambda too
    addEnvironment: addEnvironment(key, log),
    // `new DynamoEventSource(table, …)` on a model table's stream is served (stream-sources.ts)
    addEventSource: addEventSource(`${p}.lambda`),
  };
  return standIn(p, log, {
    known: {
      lambda: standIn(`${p}.lambda`, log, { known: lambda }),
      cfnResources: standIn(`${p}.cfnResources`, log, {
        known: {
          cfnFunction: standIn(`${p}.cfnResources.cfnFunction`, log, { known: { ref: lambda.functionName, attrArn: lambda.functionArn } }),
        },
      }),
    },
  });
}
