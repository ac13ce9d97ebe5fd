/** Contract of the functions domain: run a user's handler the way Lambda would. */

export type InvokeResult =
  | { ok: true; result: unknown }
  | { ok: false; kind: 'error'; errorType: string; errorMessage: string }
  | { ok: false; kind: 'timeout'; errorMessage: string };

export interface FunctionInvoker {
  /** invokes the named function with a JSON event; never throws for handler failures */
  invoke(name: string, event: unknown): Promise<InvokeResult>;
}
