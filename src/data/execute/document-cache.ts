import { type DocumentNode, type GraphQLError, type GraphQLSchema, parse, validate } from 'graphql';

export type CachedDocument = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

/**
 * At most this much query text is kept: a parsed document with its locations is ~60× its text
 * (a seed script's 28 KB mutation of 250 inlined creates holds 1.7 MB), so a stream of unique big
 * documents would otherwise keep ~1 GB alive (and make every later GC walk it). An app's repeated
 * documents fit many times over.
 */
export const CACHED_QUERY_CHARS = 1_000_000;

/**
 * Parsed and validated documents keyed by query text, least recently used evicted. Validation costs
 * more than executing a small operation, and clients send the same few documents over and over.
 * Rejected documents are cached too: their errors depend only on the text.
 */
export function createDocumentCache(schema: GraphQLSchema, max = 1000, maxChars = CACHED_QUERY_CHARS) {
  const entries = new Map<string, CachedDocument>();
  let chars = 0;
  const compile = (query: string): CachedDocument => {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (e) {
      return { errors: [e as GraphQLError] };
    }
    const errors = validate(schema, document);
    return errors.length ? { errors } : { document };
  };
  const evictOldest = () => {
    const oldest = entries.keys().next().value as string;
    entries.delete(oldest);
    chars -= oldest.length;
  };
  return {
    get(query: string): CachedDocument {
      const hit = entries.get(query);
      if (hit) {
        // re-insert: Map iteration order is the recency order
        entries.delete(query);
        entries.set(query, hit);
        return hit;
      }
      const fresh = compile(query);
      if (query.length > maxChars) return fresh;
      entries.set(query, fresh);
      chars += query.length;
      while (entries.size > max || chars > maxChars) evictOldest();
      return fresh;
    },
    get size() {
      return entries.size;
    },
  };
}
