import { describe, expect, it } from 'vitest';
import { createLogger, currentRequestId, outsideRequest, runWithRequestId } from './logger.js';

const capture = (format: 'text' | 'json') => {
  const lines: string[] = [];
  const logger = createLogger({ format, out: (l) => lines.push(l), now: () => new Date('2026-01-02T03:04:05.000Z') });
  return { lines, logger };
};

describe('JSON log format', () => {
  it('writes one object per line with time, level, msg, component and fields', () => {
    const { lines, logger } = capture('json');
    logger.child('auth').warn('slow hash', { ms: 310 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({
      time: '2026-01-02T03:04:05.000Z',
      level: 'warn',
      msg: 'slow hash',
      component: 'auth',
      ms: 310,
    });
  });

  it('carries the request id on every line written while a request is handled, across awaits', async () => {
    const { lines, logger } = capture('json');
    await runWithRequestId('req-1', async () => {
      logger.info('first');
      await new Promise((r) => setTimeout(r, 5));
      logger.child('data').error('second');
    });
    logger.info('after');
    const ids = lines.map((l) => JSON.parse(l).requestId);
    expect(ids).toEqual(['req-1', 'req-1', undefined]);
  });

  it('a field cannot replace the level, the message or the request id', () => {
    const { lines, logger } = capture('json');
    runWithRequestId('real', () => logger.info('m', { level: 'fake', requestId: 'forged', msg: 'x' }));
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 'info', msg: 'm', requestId: 'real' });
  });

  it('outsideRequest drops the request id (a worker started during a request logs for no request)', () => {
    capture('json');
    runWithRequestId('r', () => {
      expect(currentRequestId()).toBe('r');
      expect(outsideRequest(() => currentRequestId())).toBeUndefined();
    });
  });
});

describe('text log format', () => {
  it('keeps the prefix and level words of the terminal output, without the JSON fields', () => {
    const { lines, logger } = capture('text');
    logger.child('mail').warn('no SMTP');
    logger.error('boom');
    logger.info('ready', { port: 4000 });
    expect(lines).toEqual(['[mail] warning: no SMTP', 'error: boom', 'ready']);
  });

  it('the old createLogger(prefix, out) call still works', () => {
    const lines: string[] = [];
    createLogger('test', (l) => lines.push(l))
      .child('x')
      .info('hi');
    expect(lines).toEqual(['[test:x] hi']);
  });
});
