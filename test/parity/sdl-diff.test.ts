/**
 * The parity test is only as good as its diff: each kind of difference a client could notice must
 * be reported, and identical schemas must give none.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSdl, formatSdlDiff } from '../support/sdl-diff.js';

const BASE = `
type Post @aws_iam @aws_api_key {
  id: ID!
  title: String!
  tags: [String]
  comments(filter: ModelCommentFilterInput, limit: Int): [String]
}
input ModelCommentFilterInput { content: String and: [ModelCommentFilterInput] }
enum Status { DRAFT PUBLISHED }
type Query { getPost(id: ID!): Post @aws_iam @aws_api_key }
type Subscription { onCreatePost(owner: String): Post @aws_subscribe(mutations: ["createPost"]) @aws_iam }
`;

/** Messages of the differences after replacing `from` with `to` in BASE. */
function diffAfter(from: string, to: string, o = {}): string[] {
  if (!BASE.includes(from)) throw new Error(`test setup: ${from} not in BASE`);
  return diffSdl(BASE, BASE.replace(from, to), o).map((d) => `${d.group} | ${d.path}: ${d.message}`);
}

describe('diffSdl', () => {
  it('finds nothing between a schema and itself, and nothing from whitespace or type order', () => {
    expect(diffSdl(BASE, BASE)).toEqual([]);
    const reordered = BASE.split(/\n(?=type|input|enum)/)
      .reverse()
      .join('\n\n\n');
    expect(reordered.indexOf('type Subscription')).toBeLessThan(reordered.indexOf('type Post'));
    expect(diffSdl(BASE, reordered)).toEqual([]);
  });

  it.each([
    ['enum Status { DRAFT PUBLISHED }', '', 'types | Status: missing enum Status'],
    ['enum Status', 'enum Status2', 'types | Status2: extra enum Status2'],
    ['  tags: [String]\n', '', 'fields | Post: missing field tags: [String]'],
    ['  tags: [String]\n', '  tags: [String]\n  extra: Int\n', 'fields | Post: extra field extra: Int'],
    ['title: String!', 'title: String', 'field types | Post.title: type String, expected String!'],
    ['tags: [String]', 'tags: [String!]', 'field types | Post.tags: type [String!], expected [String]'],
    ['getPost(id: ID!)', 'getPost(id: ID)', 'arguments | Query.getPost(id): type ID, expected ID!'],
    ['(owner: String)', '', 'arguments | Subscription.onCreatePost: missing argument owner: String'],
    ['limit: Int)', 'limit: Int, offset: Int)', 'arguments | Post.comments: extra argument offset: Int'],
    ['limit: Int)', 'limit: Int = 10)', 'arguments | Post.comments(limit): default 10, expected (none)'],
    ['DRAFT PUBLISHED', 'DRAFT', 'enum values | Status: missing value PUBLISHED'],
    ['type Post @aws_iam @aws_api_key', 'type Post @aws_iam', 'directives | Post: missing @aws_api_key'],
    ['"createPost"', '"updatePost"', 'directives | Subscription.onCreatePost: missing @aws_subscribe(mutations: ["createPost"])'],
    ['type Query {', 'type Query @aws_iam {', 'directives | Query: extra @aws_iam'],
  ])('reports %j → %j', (from, to, expected) => {
    expect(diffAfter(from, to)).toContain(expected);
  });

  it('reports field, argument and enum value order, and directive order unless told not to', () => {
    expect(diffAfter('  id: ID!\n  title: String!', '  title: String!\n  id: ID!')[0]).toMatch(/^order \| Post: field order differs/);
    expect(diffAfter('filter: ModelCommentFilterInput, limit: Int', 'limit: Int, filter: ModelCommentFilterInput')[0]).toMatch(
      /^order \| Post.comments: argument order differs/,
    );
    expect(diffAfter('DRAFT PUBLISHED', 'PUBLISHED DRAFT')[0]).toMatch(/^order \| Status: value order differs/);
    const swapped = ['type Post @aws_iam @aws_api_key', 'type Post @aws_api_key @aws_iam'] as const;
    expect(diffAfter(...swapped)).toEqual(['order | Post: directive order: expected @aws_iam @aws_api_key, actual @aws_api_key @aws_iam']);
    expect(diffAfter(...swapped, { directiveOrder: false })).toEqual([]);
  });

  it('says when a side does not build with the AppSync prelude, and still diffs it', () => {
    const diffs = diffAfter('tags: [String]', 'tags: [Tag]');
    expect(diffs[0]).toMatch(/^schema \| actual: graphql-js cannot build the actual schema: Unknown type "Tag"/);
    expect(diffs).toContain('field types | Post.tags: type [Tag], expected [String]');
  });

  it('prints a grouped report naming both sides', () => {
    const text = formatSdlDiff(diffSdl(BASE, BASE.replace('title: String!', 'title: String').replace('  tags: [String]\n', '')));
    expect(text).toBe(
      [
        '2 structural difference(s) (expected = Amplify, actual = Hearth):',
        '',
        'Missing / extra fields (1):',
        '  Post: missing field tags: [String]',
        '',
        'Field type / default differences (1):',
        '  Post.title: type String, expected String!',
      ].join('\n'),
    );
  });

  it('sees the two captured Amplify variants differ only in directive order', () => {
    const read = (v: string) => readFileSync(join(import.meta.dirname, `../fixtures/parity/${v}.amplify.graphql`), 'utf8');
    const [userPool, apiKey] = [read('blog-userpool-default'), read('blog-apikey-default')];
    const diffs = diffSdl(userPool, apiKey);
    expect(diffs.length).toBeGreaterThan(0);
    expect(diffs.every((d) => d.group === 'order' && d.message.startsWith('directive order'))).toBe(true);
    expect(diffSdl(userPool, apiKey, { directiveOrder: false })).toEqual([]);
  });
});
