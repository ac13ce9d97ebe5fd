import type { GraphQLFieldResolver } from 'graphql';
import type { Row } from '../../db/ports.js';
import type { FieldIR, ModelIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import { canReadRecord } from '../auth/index.js';
import { keyFields } from '../schema/index.js';
import type { Caller } from '../types.js';
import { type ResolverDeps, readBack, unauthorized } from './deps.js';
import { readPage } from './read-page.js';

type Context = { caller: Caller };
/** type name → field name → resolver, for buildExecutableSchema to attach */
export type FieldResolverMap = Record<string, Record<string, GraphQLFieldResolver<Row, Context>>>;

/**
 * Resolvers of relationship fields (Gen 2 `references`): hasMany and hasOne read the related
 * model's rows whose reference fields equal this record's primary key; belongsTo gets the related
 * record whose primary key equals this record's reference fields (null when they are unset). The
 * related model's read rules apply, as AppSync runs its auth resolver for nested fields.
 */
export function createRelationResolvers(deps: ResolverDeps): FieldResolverMap {
  const out: FieldResolverMap = {};
  for (const model of deps.ir.models) {
    for (const field of model.fields) {
      if (field.type.kind !== 'model' || !field.association) continue;
      const related = deps.ir.models.find((m) => m.name === field.type.name);
      if (!related) throw new HearthError('Internal', `relationship ${model.name}.${field.name} names no model`);
      out[model.name] ??= {};
      (out[model.name] as Record<string, GraphQLFieldResolver<Row, Context>>)[field.name] = relationResolver(deps, {
        model,
        field,
        related,
      });
    }
  }
  return out;
}

interface Relation {
  model: ModelIR;
  field: FieldIR;
  related: ModelIR;
}

function relationResolver(deps: ResolverDeps, rel: Relation): GraphQLFieldResolver<Row, Context> {
  const refs = rel.field.association?.references ?? [];
  const kind = rel.field.association?.connectionType;
  if (kind === 'BELONGS_TO') {
    const relatedKey = keyFields(rel.related);
    return async (source, _args, ctx, info) => {
      const values = refs.map((r) => source[r]);
      if (values.some((v) => v === undefined || v === null)) return null;
      const row = await deps.records.get(rel.related, Object.fromEntries(relatedKey.map((k, i) => [k, values[i]])));
      if (!row) return null;
      if (!canReadRecord(rel.related, ctx.caller, deps.ir, row, 'get')) throw unauthorized(info);
      return readBack(rel.related, row);
    };
  }
  const ownKey = keyFields(rel.model);
  return async (source, args, ctx, info) => {
    const values = ownKey.map((k) => source[k]);
    const empty = kind === 'HAS_ONE' ? null : { items: [], nextToken: null };
    if (values.some((v) => v === undefined || v === null)) return empty;
    const keyCondition = { partition: Object.fromEntries(refs.map((r, i) => [r, values[i]])), sortKeys: [] };
    const pageArgs = kind === 'HAS_ONE' ? { limit: 1 } : args;
    const page = await readPage(deps, { model: rel.related, caller: ctx.caller, info, args: pageArgs, keyCondition });
    return kind === 'HAS_ONE' ? (page.items[0] ?? null) : page;
  };
}
