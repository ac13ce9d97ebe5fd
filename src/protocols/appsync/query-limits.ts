/**
 * AppSync's per-request limits on a GraphQL document, checked before it is validated or run
 * (https://docs.aws.amazon.com/appsync/latest/devguide/configuration-limits.html):
 *
 * - query depth: the nesting of selection sets, a top-level field being depth 1. AppSync accepts
 *   1–75 and has no limit unless configured; Hearth defaults to 75 (the most AppSync allows), so a
 *   1 MiB document of nested braces never reaches graphql-js's recursive validation.
 * - resolver count: how many resolvers a request may run, 1–10000, default 10000. AppSync counts
 *   them while running; Hearth estimates them from the document, before running anything: every
 *   root field and every field with a selection set (a relation, a model) counts once per parent,
 *   and a field given `limit: n` makes its sub-fields run n times. Fragments are expanded.
 *
 * A document over a limit gets a `ValidationError` in a 200 body, like other documents AppSync
 * refuses before running them; one that does not parse is left to the data service to report.
 */
import { type DocumentNode, Kind, parse, type SelectionSetNode, type ValueNode, visit } from 'graphql';
import { CACHED_QUERY_CHARS } from '../../data/execute/document-cache.js';
import { HearthError } from '../../util/errors.js';

export interface QueryLimits {
  /** 1–75 */
  depth: number;
  /** 1–10000 */
  resolvers: number;
}

export const APPSYNC_QUERY_LIMITS: QueryLimits = { depth: 75, resolvers: 10_000 };

type Fragments = Map<string, SelectionSetNode>;

interface DepthContext {
  fragments: Fragments;
  /** each fragment's own depth, computed once (a fragment bomb spreads the same ones again and again) */
  memo: Map<string, number>;
  limit: number;
}

/**
 * The deepest nesting under `set` (fragments expanded; a fragment cycle adds nothing), exploring no
 * further than `bound` levels: the answer is exact up to it, and above it when over.
 */
function depthOf(set: SelectionSetNode, c: DepthContext, bound: number): number {
  if (bound <= 0) return 1;
  let max = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) max = Math.max(max, 1 + (s.selectionSet ? depthOf(s.selectionSet, c, bound - 1) : 0));
    else if (s.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(s.selectionSet, c, bound));
    else max = Math.max(max, fragmentDepth(s.name.value, c));
    if (max > bound) return max;
  }
  return max;
}

function fragmentDepth(name: string, c: DepthContext): number {
  const known = c.memo.get(name);
  if (known !== undefined) return known;
  c.memo.set(name, 0); // a cycle: validation refuses the document later
  const f = c.fragments.get(name);
  const depth = f ? depthOf(f, c, c.limit) : 0;
  c.memo.set(name, depth);
  return depth;
}

function limitArgument(value: ValueNode | undefined, variables: Record<string, unknown>): number {
  const n = value?.kind === Kind.INT ? Number(value.value) : value?.kind === Kind.VARIABLE ? Number(variables[value.name.value]) : 1;
  return Number.isFinite(n) && n > 1 ? n : 1;
}

/**
 * Resolvers run under `set` once, saturating at `cap` (so a fragment bomb ends early). Fragments
 * are counted once each (`memo`): the count is linear in how often a fragment runs.
 */
function resolversOf(
  set: SelectionSetNode,
  c: { fragments: Fragments; variables: Record<string, unknown>; cap: number; memo: Map<string, number>; root: boolean },
): number {
  let total = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if (!s.selectionSet) {
        if (c.root) total += 1;
        continue;
      }
      const limit = limitArgument(s.arguments?.find((a) => a.name.value === 'limit')?.value, c.variables);
      total += 1 + limit * resolversOf(s.selectionSet, { ...c, root: false });
    } else if (s.kind === Kind.INLINE_FRAGMENT) total += resolversOf(s.selectionSet, c);
    else total += fragmentResolvers(s.name.value, c);
    if (total > c.cap) return c.cap + 1;
  }
  return total;
}

function fragmentResolvers(name: string, c: Parameters<typeof resolversOf>[1]): number {
  const known = c.memo.get(name);
  if (known !== undefined) return known;
  const f = c.fragments.get(name);
  c.memo.set(name, 0); // a cycle: validation refuses the document later
  const n = f ? resolversOf(f, { ...c, root: false }) : 0;
  c.memo.set(name, n);
  return n;
}

/** Throws ValidationError when an operation of `document` is deeper or runs more resolvers than `limits` allow. */
export function checkQueryLimits(document: DocumentNode, limits: QueryLimits, variables: Record<string, unknown> = {}): void {
  const fragments: Fragments = new Map();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const depth = depthOf(d.selectionSet, { fragments, memo: new Map(), limit: limits.depth }, limits.depth);
    if (depth > limits.depth) {
      throw new HearthError('ValidationError', `Query depth limit of ${limits.depth} exceeded.`);
    }
    const c = { fragments, variables, cap: limits.resolvers, memo: new Map<string, number>(), root: true };
    if (resolversOf(d.selectionSet, c) > limits.resolvers) {
      throw new HearthError('ValidationError', `Resolver count limit of ${limits.resolvers} exceeded for this operation.`);
    }
  }
}

/**
 * Parses (with a small cache: clients repeat the same documents) and checks a query; a query that
 * does not parse passes, for the data service to report its syntax error.
 */
export function createQueryLimiter(limits: QueryLimits = APPSYNC_QUERY_LIMITS, max = 500, maxChars = CACHED_QUERY_CHARS) {
  const documents = new Map<string, Checked>();
  // bounded by text too: unique big documents (a seed script's inlined creates) would keep ~0.5 MB each
  let chars = 0;
  const checked = (query: string): Checked => {
    const hit = documents.get(query);
    if (hit !== undefined) return hit;
    let doc: DocumentNode | null = null;
    try {
      doc = parse(query, { noLocation: true });
    } catch {
      // a syntax error, or nesting beyond the parser's stack: the data service answers it
    }
    const fresh: Checked = { doc, verdict: doc && !limitFromVariable(doc) ? verdictOf(doc, limits) : undefined };
    if (query.length > maxChars) return fresh;
    documents.set(query, fresh);
    chars += query.length;
    while (documents.size > max || chars > maxChars) {
      const oldest = documents.keys().next().value as string;
      documents.delete(oldest);
      chars -= oldest.length;
    }
    return fresh;
  };
  return {
    check(query: string, variables?: Record<string, unknown>): void {
      const { doc, verdict } = checked(query);
      if (!doc || verdict === 'within') return;
      if (verdict) throw new HearthError('ValidationError', verdict.over);
      checkQueryLimits(doc, limits, variables);
    },
  };
}

/** A parsed document and, when no variable can change it (no `limit: $var`), its verdict, decided once. */
type Checked = { doc: DocumentNode | null; verdict: 'within' | { over: string } | undefined };

function verdictOf(doc: DocumentNode, limits: QueryLimits): Checked['verdict'] {
  try {
    checkQueryLimits(doc, limits);
    return 'within';
  } catch (e) {
    if (e instanceof HearthError) return { over: e.message };
    throw e;
  }
}

/** Whether some field's `limit` argument is a variable (the resolver estimate then depends on the request). */
function limitFromVariable(doc: DocumentNode): boolean {
  let found = false;
  visit(doc, {
    Argument(node) {
      if (node.name.value === 'limit' && node.value.kind === Kind.VARIABLE) found = true;
    },
  });
  return found;
}

export type QueryLimiter = ReturnType<typeof createQueryLimiter>;
