/** Tiny printing helpers: one definition per block, two-space indents, AppSync's layout. */

export function block(head: string, lines: string[]): string {
  return `${head} {\n${lines.map((l) => `  ${l}`).join('\n')}\n}`;
}

export function withDirectives(head: string, directives: string[]): string {
  return directives.length ? `${head} ${directives.join(' ')}` : head;
}

export function args(list: string[]): string {
  return list.length ? `(${list.join(', ')})` : '';
}

/** `Todo` → `Todo`, `todo` → `Todo`: operation names capitalise the model name's first letter. */
export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
