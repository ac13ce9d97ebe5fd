/**
 * `GET api/overview` as the views use it. The API describes models the way Hearth's IR does
 * (`primaryKey: { partitionKey, sortKeys }`, indexes with `partitionKey`/`sortKeys`, relations with
 * `connectionType`/`references`); this turns that into flat field lists once, in one place.
 */
import type { FieldInfo, ModelInfo, Overview } from './types.js';

interface RawKey {
  partitionKey: string;
  sortKeys?: string[];
}
type RawField = Omit<FieldInfo, 'relation'> & {
  kind?: string;
  relation?: { type: string; connectionType: string; references?: string[] };
};
type RawModel = Omit<ModelInfo, 'primaryKey' | 'indexes' | 'fields'> & {
  primaryKey: RawKey | string[];
  indexes?: (RawKey & { name?: string })[];
  fields: RawField[];
};
export type RawOverview = Omit<Overview, 'models'> & { models?: RawModel[] };

const keyFields = (k: RawKey | string[]) => (Array.isArray(k) ? k : [k.partitionKey, ...(k.sortKeys ?? [])]);

const KIND: Record<string, 'hasMany' | 'hasOne' | 'belongsTo'> = { HAS_MANY: 'hasMany', HAS_ONE: 'hasOne', BELONGS_TO: 'belongsTo' };

function field(f: RawField): FieldInfo {
  const { relation, kind, ...rest } = f;
  // a custom (non-model) type is an object: edited and shown as JSON
  const type = kind === 'nonModel' ? 'AWSJSON' : rest.type;
  if (!relation) return { ...rest, type };
  return {
    ...rest,
    type,
    relation: { kind: KIND[relation.connectionType] ?? 'hasMany', model: relation.type, references: relation.references ?? [] },
  };
}

export function normalizeOverview(raw: RawOverview): Overview {
  return {
    ...raw,
    functions: raw.functions ?? [],
    buckets: raw.buckets ?? [],
    userPool: raw.userPool ?? undefined,
    example: raw.example ?? undefined,
    models: (raw.models ?? []).map((m) => ({
      ...m,
      primaryKey: keyFields(m.primaryKey),
      indexes: (m.indexes ?? []).map((i) => ({ name: i.name, fields: keyFields(i) })),
      fields: m.fields.map(field),
    })),
  };
}
