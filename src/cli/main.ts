#!/usr/bin/env node
import { Command } from 'commander';
import { generateClientCode, generateOutputs } from './generate.js';
import { migrate } from './migrate.js';
import { describeError } from './report-error.js';
import { serve } from './serve.js';

/** Documented default port of `hearth sandbox` and `hearth start`. */
export const DEFAULT_PORT = '4000';

const program = new Command('hearth').description('Run an AWS Amplify Gen 2 backend (amplify/) locally or on your own servers.');

type Opts = Record<string, string>;

const run = (fn: (o: Opts) => Promise<void>) => async (o: Opts) => {
  try {
    await fn(o);
  } catch (e) {
    process.stderr.write(`${describeError(e)}\n`);
    process.exit(1);
  }
};

/** The options `sandbox` and `start` share: where to listen, which database, where outputs and object bytes go. */
const serveCommand = (name: string, description: string) =>
  program
    .command(name)
    .description(description)
    .option('--port <port>', `port to listen on (0: any free port; default ${DEFAULT_PORT}; env HEARTH_PORT)`)
    .option('--host <host>', 'address to bind (default 127.0.0.1; env HEARTH_HOST; 0.0.0.0 in a container)')
    .option('--database-url <url>', 'postgres://… to use PostgreSQL (default: SQLite under .amplify/; env HEARTH_DATABASE_URL)')
    .option('--outputs-out-dir <dir>', 'where to write amplify_outputs.json (default: the app root)')
    .option('--storage-dir <dir>', 'where file storage keeps object bytes (default: .amplify/hearth/storage; env HEARTH_STORAGE_DIR)')
    .option(
      '--storage-url <url>',
      'an S3-compatible bucket for object bytes, shared by several instances: http(s)://KEY:SECRET@host:port/bucket (env HEARTH_STORAGE_URL)',
    )
    .option('--log-format <format>', 'text | json: one JSON object per line with a request id (env HEARTH_LOG_FORMAT)')
    .option(
      '--drain-timeout <seconds>',
      'on SIGTERM, how long requests in flight may take to finish (default 10; env HEARTH_DRAIN_TIMEOUT)',
    );

serveCommand('sandbox', 'serve the backend of the app in the current folder, reloading on changes to amplify/')
  .option('--once', 'serve without watching amplify/ for changes')
  .action(run((o) => serve({ ...o, mode: 'sandbox', defaultPort: DEFAULT_PORT } as never)));

serveCommand('start', 'serve the backend in production (no dev mailbox, no file watching)')
  .option('--metrics', 'serve Prometheus metrics at /_hearth/metrics to every caller (env HEARTH_METRICS=1; default: not served)')
  .option('--console', 'serve the dev console at /_hearth/console/ to holders of the admin key (env HEARTH_CONSOLE=1; default: not served)')
  .action(run((o) => serve({ ...o, mode: 'start', once: true, defaultPort: DEFAULT_PORT } as never)));

program
  .command('migrate')
  .description('bring the database to the data schema without serving (what sandbox and start do on launch)')
  .option('--database-url <url>', 'postgres://… to use PostgreSQL (default: SQLite under .amplify/; env HEARTH_DATABASE_URL)')
  .option('--prune-columns', 'drop the columns kept for fields removed from the schema (their values are lost)')
  .action(run((o) => migrate(o as never)));

const generate = program.command('generate').description('write client-side files for the app');

generate
  .command('graphql-client-code')
  .description('write GraphQL statements and types, as `ampx generate graphql-client-code` does')
  .option('--out <dir>', 'output folder', '.')
  .option('--format <format>', 'graphql-codegen | introspection', 'graphql-codegen')
  .option('--statement-target <target>', 'typescript | javascript | graphql | flow | angular', 'typescript')
  .option('--type-target <target>', 'typescript | flow | angular | … (default from the statement target)')
  .option('--statement-max-depth <n>', 'depth of nested selections')
  .option('--statement-typename-introspection <bool>', 'select __typename (true)')
  .action(run((o) => generateClientCode(o as never)));

generate
  .command('outputs')
  .description('write amplify_outputs.json without serving')
  .option('--out-dir <dir>', 'output folder', '.')
  .option('--port <port>', 'the port the sandbox will serve on', DEFAULT_PORT)
  .option('--host <host>', 'the host the sandbox will serve on', '127.0.0.1')
  .action(run((o) => generateOutputs(o as never)));

// no top-level await: the command is bundled as CommonJS (scripts/bundle-cli.mjs)
void import('./triggers.js').then(({ registerTriggers }) => {
  registerTriggers(program);
  return program.parseAsync(process.argv);
});
