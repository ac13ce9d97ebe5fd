import { defaultFieldResolver, type GraphQLField, type GraphQLSchema, isObjectType } from 'graphql';
import type { DataIR, ModelIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import type { Caller } from '../types.js';
import { fieldAllowed, hasFieldRules, lambdaDenied } from './field-auth.js';

type Field = GraphQLField<unknown, { caller: Caller }>;

/**
 * Field resolvers for field-level authorization, as AppSync's field resolvers do it: a field the
 * caller may not read resolves to null with `Not Authorized to access <field> on type <Type>` at
 * its path while the rest of the record is returned. With a Lambda authorizer, `deniedFields`
 * read as null without an error (AppSync's documented behaviour). Wraps any resolver already on
 * the field, so call it after relationship resolvers are installed.
 */
export function installFieldAuth(schema: GraphQLSchema, ir: DataIR): void {
  const models = new Map(ir.models.map((m) => [m.name, m]));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const model = models.get(type.name);
    const guarded = model && hasFieldRules(model) ? model : undefined;
    if (!guarded && !ir.lambdaAuthorizer) continue;
    for (const field of Object.values(type.getFields()) as Field[]) guard(field, guarded, ir);
  }
}

function guard(field: Field, model: ModelIR | undefined, ir: DataIR): void {
  const inner = field.resolve ?? defaultFieldResolver;
  field.resolve = (source, args, ctx, info) => {
    const caller = ctx.caller;
    if (lambdaDenied(caller, info.parentType.name, info.fieldName)) return null;
    const op = info.operation.operation === 'subscription' ? 'listen' : 'get';
    if (model && !fieldAllowed({ model, field: info.fieldName, caller, ir, op, row: (source ?? {}) as Record<string, unknown> })) {
      throw new HearthError('Unauthorized', `Not Authorized to access ${info.fieldName} on type ${info.parentType.name}`);
    }
    return inner(source, args, ctx, info);
  };
}
