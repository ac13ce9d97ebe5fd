import { buildSchema, type GraphQLFieldResolver, GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { DataIR } from '../../ir/types.js';
import { installFieldAuth } from '../auth/install-field-auth.js';
import { APPSYNC_PRELUDE } from './appsync-prelude.js';
import { printServedSdl } from './print-served-sdl.js';
import { installScalars } from './scalars.js';

export interface BuiltSchema {
  /** what AppSync would print: no scalar/directive declarations */
  servedSdl: string;
  /** the prelude followed by the served SDL: what graphql-js builds */
  executableSdl: string;
  schema: GraphQLSchema;
}

/** type name → field name → resolver (relationship fields); other fields read the source object. */
export type FieldResolvers = Record<string, Record<string, GraphQLFieldResolver<any, any>>>;

/** Builds the served SDL and a graphql-js schema for it (AppSync scalars with their wire behaviour). */
export function buildExecutableSchema(ir: DataIR, resolvers: FieldResolvers = {}): BuiltSchema {
  const servedSdl = printServedSdl(ir);
  // graphql-js requires a Query type; a data definition without models (custom operations only,
  // not supported yet) still gets a buildable schema
  const placeholder = /^type Query\b/m.test(servedSdl) ? '' : '\ntype Query { _empty: Boolean }\n';
  const executableSdl = `${APPSYNC_PRELUDE}\n\n${servedSdl}${placeholder}`;
  const schema = buildSchema(executableSdl);
  installScalars(schema);
  attachResolvers(schema, resolvers);
  installFieldAuth(schema, ir); // field-level rules and Lambda deniedFields; keep it after other field resolvers
  return { servedSdl, executableSdl, schema };
}

function attachResolvers(schema: GraphQLSchema, resolvers: FieldResolvers): void {
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) continue;
    const defs = type.getFields();
    for (const [name, resolve] of Object.entries(fields)) {
      const def = defs[name];
      if (def) def.resolve = resolve;
    }
  }
}
