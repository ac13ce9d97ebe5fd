import {
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  getOperationAST,
  isLeafType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * A plain read planned once per cached document: `query { getTodo(id: $id) { id title __typename } }`,
 * one model `get` field whose arguments are strings (literals or variables) and whose selection is
 * leaf fields without resolvers. Running it skips graphql-js's generic execution: the arguments are
 * read from the variables, the record comes from the same resolver function, and the answer object
 * is built with the same serializers, in the same key order. Whatever the plan does not cover
 * answers `undefined` (at planning or at run time), and the caller executes the document as usual:
 * fragments, directives, relations, field-level auth, other argument types, a refusal, an error.
 */
export interface PlainRead {
  /** the record and the answer, or undefined when the generic path must answer */
  run(variables: Record<string, unknown> | undefined, read: ReadRecord): Promise<PlainAnswer | undefined>;
}

/** The record the get field resolves to (null: none), or 'denied'; throws like the resolver. */
export type ReadRecord = (field: string, args: Record<string, string>) => Promise<Record<string, unknown> | null | 'denied'>;

export type PlainAnswer = { data: Record<string, unknown> };

/** A leaf of the selection: its response key, the record's property, the type that serializes it. */
type Leaf = { key: string; typename: string } | { key: string; field: string; type: GraphQLLeafType; nonNull: boolean };

/** An argument: a string literal, or a variable that must hold a string. */
type Arg = { name: string; literal: string } | { name: string; variable: string };

/**
 * Plans for documents, each planned once (documents come from the document cache, so the same
 * object arrives for the same text). `getFields`: the root query fields that are model gets.
 */
export function createPlainReads(schema: GraphQLSchema, getFields: ReadonlySet<string>) {
  const plans = new WeakMap<DocumentNode, Map<string | undefined, PlainRead | undefined>>();
  return (document: DocumentNode, operationName: string | undefined): PlainRead | undefined => {
    let byName = plans.get(document);
    if (!byName) {
      byName = new Map();
      plans.set(document, byName);
    }
    if (!byName.has(operationName)) byName.set(operationName, planRead(schema, getFields, getOperationAST(document, operationName)));
    return byName.get(operationName);
  };
}

function planRead(
  schema: GraphQLSchema,
  getFields: ReadonlySet<string>,
  op: OperationDefinitionNode | null | undefined,
): PlainRead | undefined {
  const query = schema.getQueryType();
  if (op?.operation !== 'query' || op.directives?.length || !query) return undefined;
  const node = onlyField(op.selectionSet);
  if (!node || !getFields.has(node.name.value)) return undefined;
  const rootField = query.getFields()[node.name.value];
  const type = rootField && getNullableType(rootField.type);
  if (!rootField || rootField.resolve || isNonNullType(rootField.type) || !isObjectType(type) || type.isTypeOf) return undefined;
  const args = planArgs(rootField, node, op);
  const leaves = node.selectionSet && planLeaves(type, node.selectionSet);
  if (!args || !leaves) return undefined;
  const fieldName = node.name.value;
  const responseKey = node.alias?.value ?? fieldName;
  return {
    async run(variables, read) {
      const values = argValues(args, variables);
      if (!values) return undefined;
      const row = await read(fieldName, values).catch(() => 'denied' as const);
      if (row === 'denied') return undefined;
      const out = row && serialize(leaves, row);
      return out === undefined ? undefined : { data: { [responseKey]: out } };
    },
  };
}

/** The operation's one field, with no directives (a fragment or a second field: no plan). */
function onlyField(set: SelectionSetNode): FieldNode | undefined {
  const [only, ...more] = set.selections;
  return only?.kind === Kind.FIELD && more.length === 0 && !only.directives?.length ? only : undefined;
}

/**
 * Every argument the field declares is either given as a string literal or a variable of a string
 * type without a default, or is nullable, has no default and is absent (graphql-js leaves it out).
 */
function planArgs(field: GraphQLField<unknown, unknown>, node: FieldNode, op: OperationDefinitionNode): Arg[] | undefined {
  const given = new Map((node.arguments ?? []).map((a) => [a.name.value, a.value]));
  const args: Arg[] = [];
  for (const def of field.args) {
    const value = given.get(def.name);
    if (def.defaultValue !== undefined || !stringType(def.type)) return undefined;
    if (value === undefined) {
      if (isNonNullType(def.type)) return undefined;
      continue;
    }
    const arg = planArg(def.name, value, op);
    if (!arg) return undefined;
    args.push(arg);
  }
  return args.length === given.size ? args : undefined;
}

function planArg(name: string, value: ValueNode, op: OperationDefinitionNode): Arg | undefined {
  if (value.kind === Kind.STRING) return { name, literal: value.value };
  if (value.kind !== Kind.VARIABLE) return undefined;
  const def = op.variableDefinitions?.find((v) => v.variable.name.value === value.name.value);
  if (!def || def.defaultValue || def.directives?.length) return undefined;
  const t = def.type.kind === Kind.NON_NULL_TYPE ? def.type.type : def.type;
  return t.kind === Kind.NAMED_TYPE && (t.name.value === 'ID' || t.name.value === 'String')
    ? { name, variable: value.name.value }
    : undefined;
}

function stringType(t: GraphQLField<unknown, unknown>['args'][number]['type']): boolean {
  const named = getNullableType(t);
  return named === getNamedType(t) && (named.name === 'ID' || named.name === 'String');
}

/** The variables' strings for the arguments; anything else (absent, null, a number) is coerced by graphql-js instead. */
function argValues(args: Arg[], variables: Record<string, unknown> | undefined): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const a of args) {
    const v = 'literal' in a ? a.literal : variables?.[a.variable];
    if (typeof v !== 'string') return undefined;
    out[a.name] = v;
  }
  return out;
}

/** Leaf fields without arguments, directives or resolvers, each response key once. */
function planLeaves(type: GraphQLObjectType, set: SelectionSetNode): Leaf[] | undefined {
  const fields = type.getFields();
  const leaves: Leaf[] = [];
  const keys = new Set<string>();
  for (const s of set.selections) {
    if (s.kind !== Kind.FIELD || s.directives?.length || s.arguments?.length || s.selectionSet) return undefined;
    const key = s.alias?.value ?? s.name.value;
    if (keys.has(key)) return undefined;
    keys.add(key);
    if (s.name.value === '__typename') {
      leaves.push({ key, typename: type.name });
      continue;
    }
    const f = fields[s.name.value];
    const leafType = f && getNullableType(f.type);
    if (!f || f.resolve || !isLeafType(leafType)) return undefined;
    leaves.push({ key, field: f.name, type: leafType, nonNull: isNonNullType(f.type) });
  }
  return leaves;
}

/** The answer's object as graphql-js completes it; undefined where graphql-js would report an error. */
function serialize(leaves: Leaf[], row: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const leaf of leaves) {
    if ('typename' in leaf) {
      out[leaf.key] = leaf.typename;
      continue;
    }
    const v = row[leaf.field];
    if (v === null || v === undefined) {
      if (leaf.nonNull) return undefined;
      out[leaf.key] = null;
      continue;
    }
    const s = serializeLeaf(leaf.type, v);
    if (s === undefined) return undefined;
    out[leaf.key] = s;
  }
  return out;
}

function serializeLeaf(type: GraphQLLeafType, v: unknown): unknown {
  try {
    return type.serialize(v) ?? undefined;
  } catch {
    return undefined;
  }
}
