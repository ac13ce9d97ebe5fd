import { HearthError } from '../../util/errors.js';
import type { EnumIR, ModelIR } from '../types.js';

/**
 * `.default(value)` as the default-value transformer accepts it: on an optional scalar or enum
 * field (not a list, not required), and for an enum one of its values.
 */
export function checkDefaults(models: ModelIR[], enums: EnumIR[], where: string): void {
  for (const m of models) {
    for (const f of m.fields) {
      if (f.defaultValue === undefined) continue;
      const at = `${where}: ${m.name}.${f.name}`;
      if (f.isArray || (f.type.kind !== 'scalar' && f.type.kind !== 'enum')) {
        throw new HearthError('ConfigError', `${at}: .default() may only be used on scalar or enum fields.`);
      }
      if (f.required) throw new HearthError('ConfigError', `${at}: .default() cannot be used on a required field.`);
      const e = f.type.kind === 'enum' ? enums.find((x) => x.name === f.type.name) : undefined;
      if (e && !e.values.includes(f.defaultValue)) {
        throw new HearthError('ConfigError', `${at}: the default "${f.defaultValue}" is not a value of enum ${e.name}.`);
      }
    }
  }
}
