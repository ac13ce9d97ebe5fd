import { DURATION, lambdaMember, lambdaNamespace } from './cdk-lambda.js';
import { stackStandIn } from './define-backend.js';
import { ref, standIn } from './escape-hatch-recorder.js';
import { currentHatchLog } from './registry.js';
import { streamMember } from './stream-sources.js';

/** `aws_lambda.EventSourceMapping` (the namespace form): the stream members first (stream-sources.ts), then `ns`'s. */
const withStreams = (ns: unknown, pkg: string) =>
  new Proxy(
    {},
    { get: (_t, key) => (typeof key === 'string' ? (streamMember(key, pkg) ?? (ns as Record<string, unknown>)[key]) : undefined) },
  );

/** aws-cdk-lib helpers whose answers Hearth can give at load time: tokens become values or references. */
const VALUES: Record<string, () => unknown> = {
  Stack: () =>
    standIn('Stack', currentHatchLog, {
      known: { of: () => stackStandIn('root'), isStack: () => true },
      construct: ([, id]) => stackStandIn(String(id ?? 'stack')) as object,
    }),
  Lazy: () => ({
    string: (p: { produce(): unknown }) => String(p.produce()),
    uncachedString: (p: { produce(): unknown }) => String(p.produce()),
    number: (p: { produce(): unknown }) => Number(p.produce()),
    list: (p: { produce(): unknown }) => p.produce(),
    any: (p: { produce(): unknown }) => p.produce(),
  }),
  Fn: () => ({
    join: (delimiter: string, list: unknown[]) => list.map(String).join(delimiter),
    select: (i: number, list: unknown[]) => list[i],
    split: (delimiter: string, s: unknown) => String(s).split(delimiter),
    sub: (body: string, vars: Record<string, unknown> = {}) =>
      body.replace(/\$\{([\w.:]+)\}/g, (m, k: string) =>
        k in vars ? String(vars[k]) : k === 'AWS::Region' ? ref('region') : k === 'AWS::AccountId' ? ref('account') : m,
      ),
  }),
  Duration: () => DURATION,
  aws_lambda: () => withStreams(lambdaNamespace('aws-cdk-lib/aws-lambda', 'lambda'), 'aws-cdk-lib/aws-lambda'),
  aws_lambda_event_sources: () => withStreams(standIn('lambda-event-sources', currentHatchLog), 'aws-cdk-lib/aws-lambda-event-sources'),
  aws_lambda_nodejs: () => lambdaNamespace('aws-cdk-lib/aws-lambda-nodejs', 'lambda-nodejs'),
  Aws: () => ({ REGION: ref('region'), ACCOUNT_ID: ref('account'), PARTITION: 'aws', URL_SUFFIX: 'amazonaws.com' }),
};

/**
 * What an `aws-cdk-lib` (or `constructs`) import stands for when backend.ts runs under Hearth, which
 * deploys no CloudFormation: `Stack.of(x).region`, `Lazy`, `Fn` and `Aws` answer values; any other
 * class is a stand-in whose constructs (`new sns.Topic(stack, 'T')`) and calls are reported at start
 * as "ignored by Hearth".
 */
export function cdkStandIn(name: string, pkg: string): unknown {
  const value = VALUES[name];
  if (value && (pkg === 'aws-cdk-lib' || pkg === 'aws-cdk-lib/core')) return value();
  // Lambda functions built by defineFunction((scope) => …) are modelled (cdk-lambda.ts)
  const lambda = lambdaMember(name, pkg);
  if (lambda) return lambda;
  // DynamoDB stream → function wiring is served (stream-sources.ts)
  const stream = streamMember(name, pkg);
  if (stream) return stream;
  const short = pkg.replace(/^aws-cdk-lib\/?/, '').replace(/^aws-/, '');
  return standIn(short ? `${short}.${name}` : name, currentHatchLog);
}
