import { execute, getOperationAST } from 'graphql';
import type { ChangeFeed, RecordStore } from '../db/ports.js';
import type { DataIR, ModelIR } from '../ir/types.js';
import type { Clock } from '../util/clock.js';
import type { Ids } from '../util/ids.js';
import { createCursorCodec } from './execute/cursor.js';
import { createDocumentCache } from './execute/document-cache.js';
import { toErrorEntry } from './execute/error-entry.js';
import { createPlainReads, type ReadRecord } from './execute/plain-read.js';
import { createJsResolvers } from './js-resolvers/create-js-resolvers.js';
import type { CustomOperationFunctions } from './resolvers/custom-operation.js';
import { readRecord } from './resolvers/get-record.js';
import { createRelationResolvers } from './resolvers/relation-resolvers.js';
import { createRootResolvers, type ExecutionContext } from './resolvers/root-resolvers.js';
import { buildExecutableSchema, operationNames } from './schema/index.js';
import { createSubscriptions } from './subscriptions/create-subscriptions.js';
import { withChangePublishing } from './subscriptions/publishing-records.js';
import type { Caller, DataService, GraphQLRequest, GraphQLResponse } from './types.js';

export interface DataServiceDeps {
  ir: DataIR;
  records: RecordStore;
  clock: Clock;
  ids: Ids;
  /** HMAC key for nextToken; share it between instances so a token works on any of them */
  cursorKey: Buffer;
  /** runs custom queries' and mutations' function handlers (absent: those operations fail) */
  functions?: CustomOperationFunctions;
  /** record changes: writes are published to it and subscriptions listen on it (storage.changes) */
  changes?: ChangeFeed;
  /** `false`: every document through graphql-js's execute (the plain-read equivalence test compares both) */
  plainReads?: boolean;
}

/**
 * The data API: AppSync's model operations over the record store, with Amplify's authorization.
 * Example: `createDataService({ ir, records: storage.records, clock: systemClock, ids: randomIds, cursorKey })`.
 */
export function createDataService(deps: DataServiceDeps): DataService {
  const records = deps.changes ? withChangePublishing(deps.records, deps.changes) : deps.records;
  const js = createJsResolvers();
  const changes = deps.changes;
  const resolverDeps = {
    ...deps,
    records,
    cursor: createCursorCodec(deps.cursorKey),
    js,
    subscribedMutations: new Set((deps.ir.customOperations ?? []).flatMap((op) => op.subscribesTo ?? [])),
    publishResult:
      changes && ((mutation: string, result: unknown) => changes.publish({ model: mutation, op: 'mutationResult', record: { result } })),
  };
  const { schema, servedSdl } = buildExecutableSchema(deps.ir, createRelationResolvers(resolverDeps));
  const documents = createDocumentCache(schema);
  const rootValue = createRootResolvers(resolverDeps);
  const gets = new Map(deps.ir.models.filter((m) => m.operations.get).map((m) => [operationNames(m).get, m]));
  const plainReads = deps.plainReads === false ? undefined : createPlainReads(schema, new Set(gets.keys()));
  const subscribe =
    deps.changes &&
    createSubscriptions({
      schema,
      ir: deps.ir,
      documents,
      changes: deps.changes,
      contextFor: (caller): ExecutionContext => ({ caller }),
      js,
      region: deps.functions?.region,
    });

  async function run(req: GraphQLRequest, caller: Caller): Promise<GraphQLResponse> {
    const cached = documents.get(req.query);
    if (!cached.document) return { data: null, errors: cached.errors.map(toErrorEntry) };
    const operation = getOperationAST(cached.document, req.operationName);
    if (operation?.operation === 'subscription') {
      return {
        data: null,
        errors: [{ errorType: 'UnsupportedOperation', message: 'Subscriptions are served over the realtime WebSocket endpoint.' }],
      };
    }
    const plain = plainReads?.(cached.document, req.operationName);
    if (plain) {
      const read: ReadRecord = (field, args) => readRecord(resolverDeps, { model: gets.get(field) as ModelIR, args, caller });
      const answer = await plain.run(req.variables, read);
      if (answer) return answer;
    }
    const contextValue: ExecutionContext = { caller, request: req.context, appendedErrors: [] };
    const result = await execute({
      schema,
      document: cached.document,
      rootValue,
      contextValue,
      variableValues: req.variables,
      operationName: req.operationName,
    });
    const data = (result.data as Record<string, unknown> | null | undefined) ?? null;
    const errors = [...(result.errors ?? []), ...(contextValue.appendedErrors ?? [])];
    return errors.length ? { data, errors: errors.map(toErrorEntry) } : { data };
  }

  return {
    sdl: servedSdl,
    ...(subscribe && { subscribe }),
    async execute(req, caller) {
      try {
        return await run(req, caller);
      } catch {
        // graphql-js reports resolver failures itself; reaching here is our bug, never the client's detail
        return { data: null, errors: [{ errorType: 'InternalFailure', message: 'An internal error occurred' }] };
      }
    },
  };
}
