import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../util/http.js';
import { graphqlOperation, labelRequest, labelS3Request } from './request-labels.js';

const gql = (query: unknown) => JSON.stringify({ query, variables: { email: 'ann@example.com' } });
const req = (r: Partial<HttpRequest>): HttpRequest => ({ method: 'POST', path: '/', query: '', headers: {}, body: '', ...r });

describe('graphqlOperation', () => {
  it.each([
    ['query ListTodos { listTodos { items { id } } }', 'query listTodos'],
    ['mutation Create($input: CreateTodoInput!) { createTodo(input: $input) { id } }', 'mutation createTodo'],
    ['subscription { onCreateTodo { id } }', 'subscription onCreateTodo'],
    ['{ getTodo(id: "x") { id } }', 'query getTodo'],
    ['query { mine: listTodos { items { id } } }', 'query listTodos'],
    ['# a comment with query foo { bar }\nmutation { deleteTodo(input: {id: "{"}) { id } }', 'mutation deleteTodo'],
    ['fragment F on Todo { id } query Q { listTodos { items { ...F } } }', 'query listTodos'],
  ])('%s → %s', (query, expected) => {
    expect(graphqlOperation(gql(query))).toBe(expected);
  });

  it('a body that is not a GraphQL request is "invalid", never its content', () => {
    expect(graphqlOperation('not json ann@example.com')).toBe('invalid');
    expect(graphqlOperation(gql(42))).toBe('invalid');
    expect(graphqlOperation(gql('ann@example.com'))).toBe('invalid');
  });
});

describe('labelRequest', () => {
  it('names the Cognito target and the identity pool target', () => {
    const target = (t: string) => labelRequest(req({ path: '/cognito/', headers: { 'x-amz-target': t } }), '/graphql');
    expect(target('AWSCognitoIdentityProviderService.InitiateAuth')).toEqual({ protocol: 'cognito', operation: 'InitiateAuth' });
    expect(target('AWSCognitoIdentityService.GetId')).toEqual({ protocol: 'identity', operation: 'GetId' });
    expect(target('AWSCognitoIdentityProviderService.ann@example.com')).toEqual({ protocol: 'cognito', operation: 'unknown' });
  });

  it('names the GraphQL operation, and operator routes by their name only', () => {
    expect(labelRequest(req({ path: '/graphql', body: gql('query { listTodos { items { id } } }') }), '/graphql')).toEqual({
      protocol: 'appsync',
      operation: 'query listTodos',
    });
    expect(labelRequest(req({ method: 'GET', path: '/_hearth/ready' }), '/graphql').operation).toBe('ready');
    expect(labelRequest(req({ method: 'GET', path: '/_hearth/secret-stuff' }), '/graphql').operation).toBe('other');
  });
});

describe('labelRequest after the AppSync handler read the body', () => {
  it('labels from the document the handler parsed, as from the body', async () => {
    const { createAppSyncHandler } = await import('../protocols/appsync/create-appsync-handler.js');
    const handler = createAppSyncHandler({} as Parameters<typeof createAppSyncHandler>[0]);
    const query = 'mutation Create { mine: createTodo(input: {}) { id } }';
    const request = req({ path: '/graphql', body: gql(query) });
    await handler(request);
    expect(request.graphqlQuery).toBe(query);
    expect(labelRequest({ ...request, body: '' }, '/graphql')).toEqual({ protocol: 'appsync', operation: 'mutation createTodo' });
    expect(labelRequest(request, '/graphql')).toEqual(labelRequest({ ...request, graphqlQuery: undefined }, '/graphql'));
  });
});

describe('labelS3Request', () => {
  const s3 = (method: string, url: string, headers: Record<string, string> = {}) =>
    labelS3Request({ method, url, headers } as IncomingMessage);

  it('names the S3 operation from method, key and query, never the key', () => {
    expect(s3('PUT', '/s3/bucket/private/ann@example.com/photo.jpg')).toEqual({ protocol: 's3', operation: 'PutObject' });
    expect(s3('GET', '/s3/bucket?list-type=2&prefix=private%2Fann')).toEqual({ protocol: 's3', operation: 'ListObjectsV2' });
    expect(s3('POST', '/s3/bucket/big.bin?uploads')).toEqual({ protocol: 's3', operation: 'CreateMultipartUpload' });
  });

  it('an operation S3 does not have, or a broken path, is "unsupported"', () => {
    expect(s3('PATCH', '/s3/bucket/key')).toEqual({ protocol: 's3', operation: 'unsupported' });
    expect(s3('GET', '/s3/bucket/%E0%A4%A')).toEqual({ protocol: 's3', operation: 'unsupported' });
  });
});
