import { buildSchema, type GraphQLSchema } from 'graphql';
import type { DataIR } from '../../ir/types.js';
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

/** Builds the served SDL and a graphql-js schema for it (AppSync scalars with their wire behaviour). */
export function buildExecutableSchema(ir: DataIR): BuiltSchema {
  const servedSdl = printServedSdl(ir);
  // graphql-js requires a Query type; a data definition without models (custom operations only,
  // not supported yet) still gets a buildable schema
  const placeholder = /^type Query\b/m.test(servedSdl) ? '' : '\ntype Query { _empty: Boolean }\n';
  const executableSdl = `${APPSYNC_PRELUDE}\n\n${servedSdl}${placeholder}`;
  const schema = buildSchema(executableSdl);
  installScalars(schema);
  return { servedSdl, executableSdl, schema };
}
