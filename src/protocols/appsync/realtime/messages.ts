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

/** Encoded payloads by response object: subscribers sharing a render share one (subscriber-groups.ts). */
const payloadTails = new WeakMap<GraphQLResponse, Buffer>();

/** What precedes the payload in a subscription's data messages: `{"type":"data","id":<id>,"payload":`. */
export function dataPrefix(id: string): Buffer {
  return Buffer.from(`{"type":"data","id":${JSON.stringify(id)},"payload":`);
}

/**
 * A data message as one unmasked, uncompressed WebSocket text frame (RFC 6455 §5.2): the bytes
 * `ws.send(JSON.stringify(message))` writes, built from the subscription's `prefix` and the payload
 * encoded once for every subscriber that shares it, so a fan-out writes one buffer per socket.
 */
export function dataFrame(prefix: Buffer, payload: GraphQLResponse): Buffer {
  let tail = payloadTails.get(payload);
  if (tail === undefined) {
    tail = Buffer.from(`${JSON.stringify(payload)}}`);
    payloadTails.set(payload, tail);
  }
  const length = prefix.length + tail.length;
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81; // FIN, opcode 1 (text)
  if (header === 2) frame[1] = length;
  else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  prefix.copy(frame, header);
  tail.copy(frame, header + prefix.length);
  return frame;
}
