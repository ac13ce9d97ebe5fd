import type { DataIR, FieldTypeIR } from '../../ir/types.js';

export interface NonModelReach {
  /** reachable from a model field or a custom operation's return type: printed with the schema's directives */
  asOutput: Set<string>;
  /** reachable from a model field or a custom operation's argument: gets a `<Type>Input` */
  asInput: Set<string>;
}

/**
 * Where each custom type is reachable from, following nested custom types. Amplify's transformer
 * prints `<Type>Input` only for types that a model's inputs or an operation's arguments need, and
 * gives a type that is only ever an argument just `@aws_iam` (checked against its deployed SDL).
 */
export function nonModelReach(ir: DataIR): NonModelReach {
  const byName = new Map(ir.nonModels.map((t) => [t.name, t]));
  const close = (roots: FieldTypeIR[]): Set<string> => {
    const seen = new Set<string>();
    const visit = (t: FieldTypeIR) => {
      if (t.kind !== 'nonModel' || seen.has(t.name)) return;
      seen.add(t.name);
      for (const f of byName.get(t.name)?.fields ?? []) visit(f.type);
    };
    roots.forEach(visit);
    return seen;
  };
  const fromModels = ir.models.flatMap((m) => m.fields.map((f) => f.type));
  const ops = ir.customOperations ?? [];
  return {
    asOutput: close([...fromModels, ...ops.map((op) => op.returns.type)]),
    asInput: close([...fromModels, ...ops.flatMap((op) => op.arguments.map((a) => a.type))]),
  };
}
