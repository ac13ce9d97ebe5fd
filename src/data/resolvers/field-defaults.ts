import type { Row } from '../../db/ports.js';
import type { FieldIR, ModelIR } from '../../ir/types.js';

/**
 * What create fills in: `.default(value)` fields the input leaves empty (the default-value
 * transformer's `defaultIfNull`), and the timestamps. A declared `createdAt`/`updatedAt` keeps a
 * value the client sent, as the model transformer's `defaultIfNull(input.createdAt, now)` does; the
 * implicit ones are not in the input type, so they are always the server's time.
 */
export function fillOnCreate(model: ModelIR, input: Row, now: string): void {
  for (const f of model.fields) {
    if (f.defaultValue !== undefined && isEmpty(input[f.name])) input[f.name] = defaultValueOf(f);
  }
  for (const name of ['createdAt', 'updatedAt']) {
    const f = timestampField(model, name);
    if (f && (f.readOnly || isEmpty(input[name]))) input[name] = now;
  }
}

/** Update: `updatedAt` is bumped unless a declared `updatedAt` is given. */
export function fillOnUpdate(model: ModelIR, patch: Row, now: string): void {
  const f = timestampField(model, 'updatedAt');
  if (f && (f.readOnly || isEmpty(patch.updatedAt))) patch.updatedAt = now;
}

function timestampField(model: ModelIR, name: string): FieldIR | undefined {
  return model.fields.find((f) => f.name === name && f.type.kind === 'scalar' && f.type.name === 'AWSDateTime' && !f.isArray);
}

const isEmpty = (v: unknown) => v === undefined || v === null;

/** `@default(value: "…")` holds a string; the stored value takes the field's type. */
function defaultValueOf(f: FieldIR): unknown {
  const raw = f.defaultValue as string;
  if (f.type.kind !== 'scalar') return raw;
  switch (f.type.name) {
    case 'Int':
    case 'AWSTimestamp':
      return Number.parseInt(raw, 10);
    case 'Float':
      return Number.parseFloat(raw);
    case 'Boolean':
      return raw === 'true';
    case 'AWSJSON':
      try {
        return JSON.parse(raw);
      } catch {
        return raw;
      }
    default:
      return raw;
  }
}
