/**
 * What an `@aws-amplify/backend*` export Hearth does not have becomes (the project loader puts it in
 * place of the missing name): using it in any way throws an error that names it, its package and the
 * user's file, rather than Node's "does not provide an export named" or `undefined is not a function`.
 *
 * @example
 * ```ts
 * import { defineConversationHandlerFunction } from '@aws-amplify/backend-ai/conversation';
 * defineConversationHandlerFunction({ … }); // Error: defineConversationHandlerFunction (from @aws-amplify/backend-ai/conversation, used in amplify/functions/chat/resource.ts) is not supported by Hearth…
 * ```
 */
export function unsupportedExport(name: string, pkg: string, file: string, hint = ''): unknown {
  const fail = (): never => {
    const why = hint ? `: ${hint}.` : '. Remove it, or run this backend with ampx.';
    const e = new Error(`${name} (from ${pkg}, used in ${file}) is not supported by Hearth${why}`);
    e.name = 'HearthNotSupported';
    throw e;
  };
  return new Proxy(function unsupported() {}, {
    apply: fail,
    construct: fail,
    // `then` is probed by await and module namespace checks; answering it must not throw
    get: (_t, key) => (typeof key === 'symbol' || key === 'then' ? undefined : fail()),
  });
}
