import {
  type DocumentNode,
  type FieldNode,
  GraphQLError,
  type GraphQLSchema,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  type OperationDefinitionNode,
} from 'graphql';
import type { FilterInput } from '../../db/ports.js';
import type { DataIR, ModelIR } from '../../ir/types.js';
import { authorizeRead } from '../auth/authorize-read.js';
import { ownerIdentities } from '../auth/owner-identity.js';
import type { ReadAuthorization, RecordCheck } from '../auth/types.js';
import { toErrorEntry } from '../execute/error-entry.js';
import { operationNames } from '../schema/index.js';
import type { Caller, GraphQLErrorEntry, GraphQLRequest } from '../types.js';

/** What a started subscription listens for, decided once at `start`. */
export interface SubscriptionPlan {
  model: ModelIR;
  op: 'create' | 'update' | 'delete';
  fieldName: string;
  document: DocumentNode;
  request: GraphQLRequest;
  filter?: FilterInput;
  /** the subscriber's read authorization for `listen` (Amplify's `read` includes it) */
  access: ReadAuthorization;
  /** owner arguments given: the record must pass every one */
  ownerChecks: RecordCheck[];
}

export interface PlanInput {
  schema: GraphQLSchema;
  ir: DataIR;
  document: DocumentNode;
  request: GraphQLRequest;
  caller: Caller;
}

type Planned = { plan: SubscriptionPlan; errors?: undefined } | { plan?: undefined; errors: GraphQLErrorEntry[] };

const fail = (errorType: string, message: string): Planned => ({ errors: [{ errorType, message }] });

/**
 * Checks a validated subscription document against the caller: which model and mutation kind it
 * follows, its coerced `filter`, and its owner arguments (reference §3.1: an owner argument must be
 * one of the caller's three identity forms, else the subscription is refused at start).
 */
export function planSubscription(p: PlanInput): Planned {
  const operation = getOperationAST(p.document, p.request.operationName);
  if (operation?.operation !== 'subscription') return fail('ValidationError', 'The document must contain one subscription operation.');
  const node = operation.selectionSet.selections[0];
  if (operation.selectionSet.selections.length !== 1 || node?.kind !== 'Field') {
    return fail('ValidationError', 'A subscription must select exactly one field of type Subscription.');
  }
  const target = findTarget(p.ir, node.name.value);
  if (!target) return fail('UnsupportedOperation', `Subscription field ${node.name.value} is not served by Hearth.`);
  const args = coerceArguments(p, operation, node);
  if (!args.values) return { errors: args.errors };
  const unauthorized = fail('Unauthorized', `Not Authorized to access ${node.name.value} on type Subscription`);
  const access = authorizeRead(target.model, p.caller, p.ir, 'listen');
  if (access.kind === 'deny') return unauthorized;
  const ownerChecks = ownerArgumentChecks(target.model, args.values, p.caller);
  if (!ownerChecks) return unauthorized;
  const filter = (args.values.filter ?? undefined) as FilterInput | undefined;
  return { plan: { ...target, fieldName: node.name.value, document: p.document, request: p.request, filter, access, ownerChecks } };
}

function findTarget(ir: DataIR, fieldName: string): Pick<SubscriptionPlan, 'model' | 'op'> | undefined {
  for (const model of ir.models) {
    const n = operationNames(model);
    if (n.onCreate === fieldName) return { model, op: 'create' };
    if (n.onUpdate === fieldName) return { model, op: 'update' };
    if (n.onDelete === fieldName) return { model, op: 'delete' };
  }
  return undefined;
}

export type Coerced = { values: Record<string, unknown>; errors?: undefined } | { values?: undefined; errors: GraphQLErrorEntry[] };

/** The subscription field's arguments, variables substituted and coerced (errors in AppSync's shape). */
export function coerceArguments(p: PlanInput, operation: OperationDefinitionNode, node: FieldNode): Coerced {
  const coerced = getVariableValues(p.schema, operation.variableDefinitions ?? [], p.request.variables ?? {});
  if (coerced.errors) return { errors: coerced.errors.map(toErrorEntry) };
  const fieldDef = p.schema.getSubscriptionType()?.getFields()[node.name.value];
  if (!fieldDef) return { errors: [{ errorType: 'ValidationError', message: `Unknown field ${node.name.value}.` }] };
  try {
    return { values: getArgumentValues(fieldDef, node, coerced.coerced) as Record<string, unknown> };
  } catch (e) {
    return { errors: [toErrorEntry(e instanceof GraphQLError ? e : new GraphQLError(String(e)))] };
  }
}

/** One check per owner argument given; undefined when an argument names someone else. */
function ownerArgumentChecks(model: ModelIR, args: Record<string, unknown>, caller: Caller): RecordCheck[] | undefined {
  const checks: RecordCheck[] = [];
  for (const rule of model.authRules) {
    const field = rule.ownerField ?? 'owner';
    const given = args[field];
    if (rule.allow !== 'owner' || given === undefined || given === null) continue;
    if (caller.mode !== 'userPool' && caller.mode !== 'oidc') return undefined;
    const values = ownerIdentities(rule, caller.claims);
    if (!values.includes(String(given))) return undefined;
    const isArray = model.fields.find((f) => f.name === field)?.isArray ?? false;
    checks.push({ field, values, isArray });
  }
  return checks;
}
