import type { GraphQLErrorEntry, GraphQLResponse } from '../../../data/types.js';
import { type HearthError, toHearthError } from '../../../util/errors.js';

/** Server → client messages of AppSync's realtime protocol (reference §F.3). */
export type ServerMessage =
  | { type: 'connection_ack'; payload: { connectionTimeoutMs: number } }
  | { type: 'connection_error'; payload: { errors: WireError[] } }
  | { type: 'ka' }
  | { type: 'start_ack'; id: string }
  | { type: 'data'; id: string; payload: GraphQLResponse }
  | { type: 'complete'; id: string }
  | { type: 'error'; id?: string; payload: { errors: WireError[] } };

type WireError = Partial<GraphQLErrorEntry> & { errorType: string; message: string; errorCode?: number };

/**
 * A refused connect or start from the auth layer. 401 and UnauthorizedException are non-retryable
 * for the client; anything internal stays generic.
 */
export function authErrorEntry(e: unknown): WireError {
  const err: HearthError = toHearthError(e);
  if (err.code === 'NotAuthorized' || err.code === 'Unauthorized') {
    return { errorType: 'UnauthorizedException', message: err.message, errorCode: 401 };
  }
  return { errorType: 'InternalFailure', message: 'An internal error occurred' };
}

export function protocolError(message: string, id?: string): ServerMessage {
  const errors = [{ errorType: 'UnsupportedOperation', message }];
  return id === undefined ? { type: 'error', payload: { errors } } : { type: 'error', id, payload: { errors } };
}

/** Serialised payloads by response object: subscribers sharing a render share one (create-subscriptions.ts). */
const payloadJson = new WeakMap<GraphQLResponse, string>();

/** `{"type":"data","id":…,"payload":…}`, the same text as JSON.stringify of the message, the payload serialised once. */
export function dataMessage(id: string, payload: GraphQLResponse): string {
  let json = payloadJson.get(payload);
  if (json === undefined) {
    json = JSON.stringify(payload);
    payloadJson.set(payload, json);
  }
  return `{"type":"data","id":${JSON.stringify(id)},"payload":${json}}`;
}
