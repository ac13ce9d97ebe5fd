import { afterEach, describe, expect, it } from 'vitest';
import { cdkStandIn } from './cdk-stand-in.js';
import { standIn } from './escape-hatch-recorder.js';
import { currentHatchLog, takeBackendRegistration } from './registry.js';
import { addEventSource } from './stream-sources.js';

afterEach(() => void takeBackendRegistration());

describe('stream sources in backend.ts', () => {
  it('records an EventSourceMapping made through the aws_lambda namespace of aws-cdk-lib', () => {
    const lambda = cdkStandIn('aws_lambda', 'aws-cdk-lib') as any;
    const target = standIn('backend.fn.resources.lambda', currentHatchLog);
    new lambda.EventSourceMapping(standIn('stack:root', currentHatchLog), 'M', {
      target,
      eventSourceArn: 'arn:x',
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
    });
    expect(currentHatchLog().streams).toMatchObject([
      { id: 'M', target: 'backend.fn.resources.lambda', eventSourceArn: 'arn:x', props: { startingPosition: 'TRIM_HORIZON' } },
    ]);
    expect(currentHatchLog().ignored).toEqual([]);
    // the namespace's other members are still the function model's (cdk-lambda.ts)
    expect(String(lambda.Runtime.NODEJS_20_X)).toBe('nodejs20.x');
  });

  it('records a DynamoEventSource given to addEventSource, and reports another source', () => {
    const sources = cdkStandIn('aws_lambda_event_sources', 'aws-cdk-lib') as any;
    const add = addEventSource('backend.fn.resources.lambda');
    add(
      new sources.DynamoEventSource(
        standIn('backend.data.resources.tables.Todo', currentHatchLog, { known: { tableStreamArn: 'arn:s' } }),
        { batchSize: 5 },
      ),
    );
    add(new sources.SqsEventSource(standIn('sqs.Queue:Q', currentHatchLog)));
    expect(currentHatchLog().streams).toMatchObject([
      {
        id: 'data.resources.tables.Todo:DynamoEventSource',
        target: 'backend.fn.resources.lambda',
        eventSourceArn: 'arn:s',
        props: { batchSize: 5 },
      },
    ]);
    expect(currentHatchLog().ignored.map((i) => i.what)).toEqual([
      'new lambda-event-sources.SqsEventSource()',
      'backend.fn.resources.lambda.addEventSource(lambda-event-sources.SqsEventSource)',
    ]);
  });
});
