/**
 * CORS for browser apps on another origin (client-protocols §H): allow the headers the Amplify
 * client sends, expose the ones it reads.
 */
export const corsHeaders: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers':
    'content-type, x-amz-target, x-amz-user-agent, cache-control, amz-sdk-invocation-id, amz-sdk-request, authorization, x-api-key, x-amz-date, x-amz-security-token, x-amz-content-sha256',
  'access-control-expose-headers': 'x-amzn-errortype, x-amzn-requestid, date',
  'access-control-max-age': '86400',
};
