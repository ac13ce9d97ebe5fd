/**
 * defineStorage definitions → StorageIR. Amplify's synth-time rules, restated (amplify-backend
 * packages/backend-storage 1.6): one default bucket when there are several
 * (storage_outputs_aspect.ts), valid paths (compile-storage-paths.ts), one rule per principal and
 * path (access_builder.ts `uniqueDefinitionId`s), a function named by `allow.resource` gets
 * `<name>_BUCKET_NAME` (storage_container_entry_generator.ts: the name as written, not upper-cased).
 */
import { createHash } from 'node:crypto';
import { HearthError } from '../util/errors.js';
import { type FunctionTable, rel } from './compile-functions.js';
import { compileStorageAccess } from './compile-storage-access.js';
import type { StorageBucketIR, StorageIR } from './types.js';

interface StorageProps {
  name?: unknown;
  isDefault?: unknown;
  triggers?: unknown;
  access?: unknown;
  [k: string]: unknown;
}

export interface StorageCompileOptions {
  appName: string;
  projectRoot: string;
  functions: FunctionTable;
  /** defineAuth's groups; undefined when the backend has no auth */
  auth?: { groups: string[] };
  warnings: string[];
}

/** props Amplify 1.6 accepts; `versioned` and `keepOnDelete` change nothing in Hearth */
const KNOWN_PROPS = new Set(['name', 'isDefault', 'versioned', 'keepOnDelete', 'triggers', 'access']);
const TRIGGERS = ['onUpload', 'onDelete'] as const;
/** amplify-backend's DefaultResourceNameValidator */
const RESOURCE_NAME = /^[a-zA-Z][a-zA-Z0-9-_ ]*$/;

export function compileStorage(defs: { props: unknown; definedIn: string }[], o: StorageCompileOptions): StorageIR {
  const buckets = defs.map((d) => compileBucket(d.props as StorageProps, { ...o, definedIn: d.definedIn }));
  for (const [i, b] of buckets.entries()) {
    const twin = buckets.findIndex((other) => other.name === b.name);
    if (twin !== i)
      throw new HearthError('ConfigError', `${b.definedIn}: two defineStorage calls are named "${b.name}"; give each bucket its own name.`);
  }
  const defaults = buckets.filter((b) => b.isDefault);
  if (defaults.length > 1) {
    throw new HearthError(
      'ConfigError',
      `${defaults[1]?.definedIn}: more than one default storage set in the Amplify project. Remove \`isDefault: true\` from all \`defineStorage\` calls except for one.`,
    );
  }
  if (defaults.length === 0 && buckets.length > 1) {
    throw new HearthError(
      'ConfigError',
      `${buckets.map((b) => b.definedIn).join(', ')}: no default storage set in the Amplify project. Add \`isDefault: true\` to one of the \`defineStorage\` calls.`,
    );
  }
  // a lone bucket is the default without saying so
  const first = buckets.find((b) => b.isDefault) ?? buckets[0];
  if (first) first.isDefault = true;
  return { buckets: [...buckets].sort((a, b) => Number(b.isDefault) - Number(a.isDefault)) };
}

function compileBucket(props: StorageProps, o: StorageCompileOptions & { definedIn: string }): StorageBucketIR {
  const where = rel(o.projectRoot, o.definedIn);
  const { name } = props;
  if (typeof name !== 'string' || !RESOURCE_NAME.test(name)) {
    throw new HearthError(
      'ConfigError',
      `${where}: defineStorage needs a \`name\` that starts with a letter and holds only letters, digits, dashes, underscores and spaces (found ${JSON.stringify(name)}).`,
    );
  }
  for (const key of Object.keys(props)) {
    if (!KNOWN_PROPS.has(key)) o.warnings.push(`${where}: defineStorage \`${key}\` is not supported by Hearth; it is ignored.`);
  }
  const bucketName = bucketNameFor(o.appName, name);
  const paths = compileStorageAccess(props.access, { ...o, where, bucket: { name, bucketName } });
  return {
    name,
    bucketName,
    isDefault: props.isDefault === true,
    paths,
    triggers: compileTriggers(props.triggers, o, where),
    definedIn: where,
  };
}

function compileTriggers(triggers: unknown, o: StorageCompileOptions, where: string): StorageBucketIR['triggers'] {
  if (triggers === undefined) return {};
  if (typeof triggers !== 'object' || triggers === null)
    throw new HearthError('ConfigError', `${where}: defineStorage triggers must be an object { onUpload, onDelete }.`);
  const out: StorageBucketIR['triggers'] = {};
  for (const [event, def] of Object.entries(triggers)) {
    if (!(TRIGGERS as readonly string[]).includes(event))
      throw new HearthError('ConfigError', `${where}: unknown storage trigger "${event}"; Amplify accepts ${TRIGGERS.join(' and ')}.`);
    if (def === undefined) continue;
    out[event as (typeof TRIGGERS)[number]] = o.functions.add(def).name;
  }
  return out;
}

/**
 * The bucket name the client signs for: `amplify-<app>-<name>-<8 hex>`, lower-case, at most 63
 * characters, no dots (S3's rules for a DNS-compatible name, virtual-hosted style over TLS). The
 * hash of the unshortened names keeps two buckets apart when their slugs collide, and keeps the
 * name stable across restarts and machines, so amplify_outputs.json stays valid.
 */
export function bucketNameFor(appName: string, name: string): string {
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const hash = createHash('sha256').update(`hearth-bucket:${appName}:${name}`).digest('hex').slice(0, 8);
  const head = `amplify-${slug(appName)}-${slug(name)}`.replace(/-+/g, '-').slice(0, 54).replace(/-+$/, '');
  return `${head}-${hash}`;
}
