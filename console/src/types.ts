/** The shapes the console JSON API answers with (see /_hearth/console/api/ in src/protocols/console/). */

export interface FieldInfo {
  name: string;
  type: string;
  required: boolean;
  isList: boolean;
  isId?: boolean;
  /** kept by the server (id, createdAt, updatedAt): shown, not edited */
  readOnly?: boolean;
  enumValues?: string[];
  relation?: RelationInfo;
}

export interface RelationInfo {
  kind: 'hasMany' | 'hasOne' | 'belongsTo';
  model: string;
  /** the fields that hold the key: on this model for belongsTo, on the related model otherwise */
  references: string[];
}

export interface IndexInfo {
  name?: string;
  fields: string[];
}

export interface ModelInfo {
  name: string;
  fields: FieldInfo[];
  indexes: IndexInfo[];
  primaryKey: string[];
}

export interface Overview {
  app?: string;
  region?: string;
  engine?: string;
  urls?: { graphql?: string; cognito?: string; s3?: string };
  models: ModelInfo[];
  functions: (string | { name: string })[];
  buckets: (string | { name: string })[];
  userPool?: { id: string; clientId: string; groups: (string | { name: string })[] };
  example?: { tryIt: boolean };
}

export interface Session {
  mode: 'sandbox' | 'production';
  signedIn: boolean;
  csrfToken?: string;
}

export interface User {
  username: string;
  sub?: string;
  status: string;
  enabled: boolean;
  attributes: Record<string, string>;
  groups: string[];
  mfa?: { totp?: boolean; email?: boolean; sms?: boolean; preferred?: string | null } | null;
  lockedUntil?: string | null;
  created?: string;
  updated?: string;
  signIns?: SignIn[];
}

export interface SignIn {
  time: string;
  method: string;
  ok: boolean;
  reason?: string;
  lockedOut?: boolean;
}

export interface MailMessage {
  id: string;
  to: string;
  subject: string;
  time: string;
  html?: string;
  text?: string;
  code?: string;
  link?: string;
}

export interface Invocation {
  id: string;
  function: string;
  source?: string;
  /** the live log: ok | failed | pending | timedOut; the durable rows: failed | retrying | pending | succeeded-on-retry */
  status: string;
  event?: unknown;
  result?: unknown;
  error?: unknown;
  durationMs?: number;
  logs?: string | string[];
  /** ISO string or epoch milliseconds */
  time: string | number;
  attempts?: number;
}

export interface StorageObject {
  key: string;
  size?: number;
  lastModified?: string;
  contentType?: string;
}

/** The name of a function, bucket or group, whether the API lists names or objects. */
export function nameOf(x: string | { name: string }): string {
  return typeof x === 'string' ? x : x.name;
}
