import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createDocumentCache } from './document-cache.js';

const schema = buildSchema('type Query { item(id: ID!): String }');
/** A valid document of at least `n` characters (its value inlined, as a seed script does). */
const documentOf = (tag: string, n: number) => `query ${tag} { item(id: "${tag.padEnd(n, '.')}") }`;

describe('document cache', () => {
  it('hands out the same parsed document for a repeated query', () => {
    const cache = createDocumentCache(schema);
    const q = documentOf('q', 200);
    expect(cache.get(q).document).toBeDefined();
    expect(cache.get(q).document).toBe(cache.get(q).document);
  });

  it('keeps only a bounded amount of query text: unique big documents push out the oldest, recent small ones stay', () => {
    const cache = createDocumentCache(schema, 1000, 10_000);
    const small = documentOf('small', 200);
    const first = cache.get(small).document;
    const big = Array.from({ length: 5 }, (_, i) => documentOf(`big${i}`, 3_000));
    const firstBig = cache.get(big[0] as string).document;
    for (const q of big.slice(1)) {
      cache.get(small);
      cache.get(q);
    }
    expect(cache.get(small).document).toBe(first);
    // the oldest big document was dropped: asked again, it is parsed anew
    expect(cache.get(big[0] as string).document).not.toBe(firstBig);
    expect(cache.size).toBeLessThan(6);
  });

  it('does not keep a document larger than the whole budget, and still answers it', () => {
    const cache = createDocumentCache(schema, 1000, 1_000);
    const huge = documentOf('huge', 5_000);
    const answer = cache.get(huge);
    expect(answer.document).toBeDefined();
    expect(cache.get(huge).document).not.toBe(answer.document);
    expect(cache.size).toBe(0);
  });
});
