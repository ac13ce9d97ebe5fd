#!/usr/bin/env node
/**
 * Regenerates test/fixtures/parity/*.amplify.graphql: the AppSync schema Amplify Gen 2 deploys for
 * test/fixtures/parity/blog-schema.ts, one file per authorization-mode variant (BLOG_VARIANTS).
 *
 * Amplify's transformer needs aws-cdk-lib (this install: 6 packages, 355 MB, ~50 s), so it is not a
 * dependency of Hearth:
 * the fixtures are captured once, from a scratch install outside the repo, and committed.
 *
 *   mkdir -p /tmp/parity && cd /tmp/parity && echo '{"private":true}' > package.json
 *   npm install --no-audit --no-fund @aws-amplify/graphql-api-construct@1.22.2 aws-cdk-lib@2.276.0 constructs@10.8.1
 *   cd /work/main && node scripts/capture-parity-sdl.mjs --scratch /tmp/parity
 *
 * Captured with Node 20.20.2: @aws-amplify/graphql-api-construct 1.22.2 (bundles
 * @aws-amplify/graphql-transformer 2.5.1, graphql-transformer-core 3.6.1, graphql-model-transformer
 * 3.5.0, graphql-auth-transformer 4.2.9, graphql-relational-transformer 3.1.15,
 * graphql-index-transformer 3.1.3), aws-cdk-lib 2.276.0, constructs 10.8.1; the `a.schema` is
 * built by the repo's own @aws-amplify/data-schema (1.26.2), bundled with esbuild.
 *
 * The construct is configured as amplify-backend's `defineData` configures `AmplifyData` (the same
 * class): packages/backend-data/src/factory.ts and convert_authorization_modes.ts, i.e. DynamoDB
 * AMPLIFY_TABLE strategy, user pool + identity pool from defineAuth, IAM always enabled, the
 * `a.handler.function` functions in functionNameMap. The file written is the `schema.graphql` asset
 * of the CfnGraphQLSchema: exactly what AppSync receives.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(repo, 'test/fixtures/parity');

const scratch = resolve(argValue('--scratch') ?? '/tmp/parity');
const need = createRequire(join(scratch, 'package.json'));
const cdk = need('aws-cdk-lib');
const { UserPool, CfnIdentityPool } = need('aws-cdk-lib/aws-cognito');
const { Role, ServicePrincipal } = need('aws-cdk-lib/aws-iam');
const lambda = need('aws-cdk-lib/aws-lambda');
const { AmplifyGraphqlApi, AmplifyGraphqlDefinition } = need('@aws-amplify/graphql-api-construct');

const work = await mkdtemp(join(tmpdir(), 'hearth-parity-'));
try {
  const { blogSchema, BLOG_VARIANTS } = await loadFixture(join(fixtures, 'blog-schema.ts'));
  // a.handler.function only needs a defineFunction-like object; the construct gets real Lambdas below
  const fnRef = { getInstance: () => undefined };
  const transformed = blogSchema({ summarizePost: fnRef, publishPost: fnRef }).transform();
  // every variant is captured before anything is written: a transformer error leaves the fixtures as they were
  const files = { 'blog.input.graphql': transformed.schema };
  for (const [name, modes] of Object.entries(BLOG_VARIANTS)) {
    files[`${name}.amplify.graphql`] = captureServedSdl({ transformed, modes, outdir: join(work, name) });
  }
  for (const [file, text] of Object.entries(files)) {
    writeFileSync(join(fixtures, file), text);
    console.log(`wrote test/fixtures/parity/${file} (${text.length} chars)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function argValue(flag) {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Bundles the TypeScript fixture (with the repo's data-schema) so plain Node can import it. */
async function loadFixture(entry) {
  const outfile = join(work, 'blog-schema.mjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
  return import(pathToFileURL(outfile).href);
}

function captureServedSdl({ transformed, modes, outdir }) {
  const app = new cdk.App({ outdir });
  const stack = new cdk.Stack(app, 'data', { env: { account: '123456789012', region: 'us-east-1' } });
  const api = new AmplifyGraphqlApi(stack, 'amplifyData', {
    apiName: 'amplifyData',
    definition: AmplifyGraphqlDefinition.fromString(transformed.schema, { dbType: 'DYNAMODB', provisionStrategy: 'AMPLIFY_TABLE' }),
    authorizationModes: authorizationModes(stack, modes),
    functionNameMap: functionNameMap(stack, transformed.lambdaFunctions ?? {}),
    translationBehavior: { sandboxModeEnabled: false, allowDestructiveGraphqlSchemaUpdates: true },
  });
  app.synth();
  const asset = api.node.findAll().find((c) => c.node.id === 'schema' && typeof c.assetPath === 'string');
  if (!asset) throw new Error('the schema.graphql asset was not found in the synthesised construct tree');
  return readFileSync(join(outdir, asset.assetPath), 'utf8');
}

/** defineData's conversion with defineAuth present (amplify-backend convert_authorization_modes.ts). */
function authorizationModes(stack, modes) {
  const cdkMode = { userPool: 'AMAZON_COGNITO_USER_POOLS', apiKey: 'API_KEY', iam: 'AWS_IAM', identityPool: 'AWS_IAM' };
  const role = (id) => new Role(stack, id, { assumedBy: new ServicePrincipal('cognito-identity.amazonaws.com') });
  const identityPool = new CfnIdentityPool(stack, 'IdentityPool', { allowUnauthenticatedIdentities: true });
  return {
    defaultAuthorizationMode: cdkMode[modes.defaultAuthorizationMode],
    ...(modes.apiKeyAuthorizationMode
      ? { apiKeyConfig: { expires: cdk.Duration.days(modes.apiKeyAuthorizationMode.expiresInDays ?? 7) } }
      : {}),
    userPoolConfig: { userPool: new UserPool(stack, 'UserPool') },
    identityPoolConfig: {
      identityPoolId: identityPool.ref,
      authenticatedUserRole: role('AuthRole'),
      unauthenticatedUserRole: role('UnauthRole'),
    },
    iamConfig: { enableIamAuthorizationMode: true },
  };
}

function functionNameMap(stack, lambdaFunctions) {
  const entries = Object.keys(lambdaFunctions).map((name) => [
    name,
    new lambda.Function(stack, name, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => null;'),
    }),
  ]);
  return Object.fromEntries(entries);
}
