import type { IssuedCredentials } from '../auth/types.js';
import { DATA_ENV, HEARTH_INTROSPECTION_FILE_ENV } from '../codegen/data-env-names.js';
import { withGraphqlUrl } from '../ir/compile-escape-hatches.js';
import type { FunctionIR } from '../ir/types.js';

/** where the server serves the Cognito protocols (server/create-app.ts COGNITO_PATH) */
const COGNITO_PATH = '/cognito';
/** where the server serves S3, path-style (the storage decision: `<base>/s3/<bucket>/<key>`) */
const S3_PATH = '/s3';

export interface LambdaEnvOptions {
  fn: FunctionIR;
  region: string;
  credentials: IssuedCredentials;
  /** the bundle's folder: LAMBDA_TASK_ROOT */
  taskRoot: string;
  /** set when the data API is served; only functions with dataAccess get it */
  dataUrl?: string;
  /** the model introspection JSON, for getAmplifyDataClientConfig */
  introspectionFile?: string;
  /** the Cognito endpoint; default: COGNITO_PATH beside the data endpoint (one listener serves both) */
  cognitoUrl?: string;
  /** the S3 endpoint; default: S3_PATH beside the data endpoint */
  storageUrl?: string;
  /** where PATH and HOME come from (default process.env) */
  parentEnv?: NodeJS.ProcessEnv;
}

/**
 * The environment Lambda gives a function (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime)
 * plus what Amplify adds. Built from nothing: the parent's env holds the developer's secrets
 * and NODE_OPTIONS, so only PATH and HOME are carried over. The function's own `environment`
 * comes first so that it cannot override the reserved keys, as Lambda refuses them.
 */
export function buildLambdaEnv(opts: LambdaEnvOptions): Record<string, string> {
  const { fn, region, credentials: c } = opts;
  const parent = opts.parentEnv ?? process.env;
  const env: Record<string, string> = {
    // addEnvironment values may name the GraphQL URL, known only once the server listens
    ...(opts.dataUrl ? withGraphqlUrl(fn.environment, opts.dataUrl) : fn.environment),
    PATH: parent.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    ...(parent.HOME && { HOME: parent.HOME }),
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    _HANDLER: 'index.handler',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMB),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: 'hearth',
    LAMBDA_TASK_ROOT: opts.taskRoot,
    AWS_ACCESS_KEY_ID: c.accessKeyId,
    AWS_ACCESS_KEY: c.accessKeyId,
    AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
    AWS_SESSION_TOKEN: c.sessionToken,
  };
  // defineAuth `access`: the function's own credentials may then call what it was granted, and the
  // AWS SDK's Cognito client finds Hearth through its service endpoint variable
  if (fn.authAccess) {
    env.AMPLIFY_AUTH_USERPOOL_ID = fn.authAccess.userPoolId;
    const cognito = opts.cognitoUrl ?? (opts.dataUrl && new URL(COGNITO_PATH, opts.dataUrl).href);
    if (cognito) env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = cognito;
  }
  if (fn.storageAccess?.length) Object.assign(env, storageEnv(fn.storageAccess, opts));
  return fn.dataAccess && opts.dataUrl ? { ...env, ...dataEnv(opts.dataUrl, opts.introspectionFile) } : env;
}

/**
 * defineStorage `allow.resource(fn)`: the bucket names, and the endpoint the AWS SDK's S3 client
 * reads from AWS_ENDPOINT_URL_S3 (SDK v3 service-specific endpoints). The SDK has no variable for
 * path-style addressing: it picks path style by itself when the endpoint's host is an IP address
 * (Hearth's default 127.0.0.1), and otherwise needs `new S3Client({ forcePathStyle: true })`.
 */
function storageEnv(access: NonNullable<FunctionIR['storageAccess']>, opts: LambdaEnvOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { envName, bucketName } of access) env[envName] = bucketName;
  const endpoint = opts.storageUrl ?? (opts.dataUrl && new URL(S3_PATH, opts.dataUrl).href);
  if (endpoint) env.AWS_ENDPOINT_URL_S3 = endpoint;
  return env;
}

function dataEnv(dataUrl: string, introspectionFile?: string): Record<string, string> {
  return {
    [DATA_ENV.endpoint]: dataUrl,
    [DATA_ENV.defaultName]: 'amplifyData',
    [DATA_ENV.introspectionBucket]: 'hearth-local',
    [DATA_ENV.introspectionKey]: 'modelIntrospectionSchema.json',
    ...(introspectionFile && { [HEARTH_INTROSPECTION_FILE_ENV]: introspectionFile }),
  };
}
