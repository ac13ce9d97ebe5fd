import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fakeCredentials, fakeTokens } from '../../../test/support/appsync-fakes.js';
import { clockAt } from '../../../test/support/data-fakes.js';
import type { DataService } from '../../data/types.js';
import { createAppSyncHandler } from './create-appsync-handler.js';
import { APPSYNC_QUERY_LIMITS, checkQueryLimits } from './query-limits.js';

const nested = (depth: number) => `${'{ a '.repeat(depth - 1)}{ leaf }${' }'.repeat(depth - 1)}`;
const verdict = (query: string, limits = APPSYNC_QUERY_LIMITS, variables = {}) => {
  try {
    checkQueryLimits(parse(query), limits, variables);
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('query depth', () => {
  it('counts a top-level field as depth 1 and allows exactly the limit', () => {
    expect(verdict('{ a }', { depth: 1, resolvers: 10 })).toBe('ok');
    expect(verdict('{ a { b } }', { depth: 1, resolvers: 10 })).toBe('Query depth limit of 1 exceeded.');
    expect(verdict(nested(75))).toBe('ok');
    expect(verdict(nested(76))).toBe('Query depth limit of 75 exceeded.');
  });

  it('sees through fragments and inline fragments, and survives a fragment cycle', () => {
    const q = 'query { a { ...F } } fragment F on A { b { ... on B { c { d } } } }';
    expect(verdict(q, { depth: 3, resolvers: 100 })).toBe('Query depth limit of 3 exceeded.');
    expect(verdict(q, { depth: 4, resolvers: 100 })).toBe('ok');
    expect(verdict('{ a { ...F } } fragment F on A { b { ...F } }')).toBe('ok');
  });
});

describe('resolver count', () => {
  it('counts root fields and fields with selections, times the limit argument of their parent', () => {
    const q = 'query ($n: Int) { listPosts(limit: $n) { items { id author { name } } } ping }';
    // listPosts + n × (items + author) + ping: an upper bound (AppSync runs no resolver for items)
    expect(verdict(q, { depth: 75, resolvers: 22 }, { n: 10 })).toBe('ok');
    expect(verdict(q, { depth: 75, resolvers: 21 }, { n: 10 })).toBe('Resolver count limit of 21 exceeded for this operation.');
    expect(verdict('{ a(limit: 101) { items { b { c } } } }')).toBe('ok');
    expect(verdict('{ a(limit: 101) { items { b(limit: 100) { items { c { d } } } } } }')).toMatch(/Resolver count limit of 10000/);
  });

  it('stops early on a fragment bomb', () => {
    const frags = Array.from({ length: 40 }, (_, i) => `fragment F${i} on T { x { ...F${i + 1} ...F${i + 1} } }`).join('\n');
    const started = Date.now();
    expect(verdict(`{ root { ...F0 } } ${frags} fragment F40 on T { y { z } }`)).toMatch(/Resolver count limit/);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('appsync handler: query limits', () => {
  const setup = () => {
    const executed: string[] = [];
    const data: DataService = {
      sdl: '',
      async execute(req) {
        executed.push(req.query);
        return { data: { ok: true } };
      },
    };
    const handler = createAppSyncHandler({
      data,
      tokens: fakeTokens,
      credentials: fakeCredentials,
      apiKey: { value: 'da2-key', expiresAt: Date.parse('2030-01-01T00:00:00Z') },
      authModes: ['apiKey'],
      region: 'us-east-1',
      clock: clockAt('2025-01-02T03:04:05.000Z'),
      queryLimits: { depth: 5, resolvers: 100 },
    });
    const post = (query: string, key = 'da2-key') => ({
      method: 'POST',
      path: '/graphql',
      query: '',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ query }),
    });
    return { handler, executed, post };
  };

  it('answers a too-deep document with a ValidationError in a 200 body, without running it', async () => {
    const { handler, executed, post } = setup();
    const res = await handler(post(nested(6)));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      data: null,
      errors: [{ errorType: 'ValidationError', message: 'Query depth limit of 5 exceeded.' }],
    });
    expect(executed).toEqual([]);
    expect((await handler(post(nested(5)))).body).toBe('{"data":{"ok":true}}');
  });

  it('checks the caller first: an unauthorised caller gets 401 whatever the document', async () => {
    const { handler, post } = setup();
    expect((await handler(post(nested(6), 'da2-wrong'))).status).toBe(401);
  });

  it('judges a repeated document the same way each time, and a limit given as a variable per request', async () => {
    const { handler, executed, post } = setup();
    for (let i = 0; i < 2; i++) expect(JSON.parse((await handler(post(nested(6)))).body).errors[0].errorType).toBe('ValidationError');
    const q = 'query ($n: Int) { a(limit: $n) { items { b { c } } } }';
    const withN = (n: number) => ({ ...post(q), body: JSON.stringify({ query: q, variables: { n } }) });
    expect((await handler(withN(10))).body).toBe('{"data":{"ok":true}}');
    expect(JSON.parse((await handler(withN(60))).body).errors[0].message).toBe('Resolver count limit of 100 exceeded for this operation.');
    expect((await handler(withN(10))).body).toBe('{"data":{"ok":true}}');
    expect(executed).toEqual([q, q]);
  });

  it('leaves a document that does not parse to the data service', async () => {
    const { handler, executed, post } = setup();
    await handler(post('{ a { '));
    expect(executed).toEqual(['{ a { ']);
  });
});
