import { type DocumentNode, type GraphQLError, type GraphQLSchema, parse, validate } from 'graphql';

export type CachedDocument = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

/**
 * Parsed and validated documents keyed by query text, least recently used evicted. Validation costs
 * more than executing a small operation, and clients send the same few documents over and over.
 * Rejected documents are cached too: their errors depend only on the text.
 */
export function createDocumentCache(schema: GraphQLSchema, max = 1000) {
  const entries = new Map<string, CachedDocument>();
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
      entries.set(query, fresh);
      if (entries.size > max) entries.delete(entries.keys().next().value as string);
      return fresh;
    },
    get size() {
      return entries.size;
    },
  };
}
