/** Messages between the function service and a worker process (over the fork IPC channel). */

export interface InvokeMessage {
  id: number;
  event: unknown;
  awsRequestId: string;
  /** epoch ms when the invocation times out, for context.getRemainingTimeInMillis() */
  deadline: number;
}

export type ReplyMessage = { id: number; ok: true; result: unknown } | { id: number; ok: false; errorType: string; errorMessage: string };

/** Sent once, when the worker has imported the handler module (Lambda's init phase) or failed to. */
export type InitMessage = { init: true; ok: true } | { init: true; ok: false; errorType: string; errorMessage: string };
