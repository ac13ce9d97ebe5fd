import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface BuildStamp {
  /** the files the last saved build read, when none of them (nor `always`, nor their folders) changed since; else undefined */
  unchanged(): string[] | undefined;
  /** remembers a build that read `inputs` (absolute paths of files) */
  save(inputs: string[]): void;
}

/**
 * What a build (an esbuild bundle) read, with a fingerprint of it kept in `keyFile`: the size and
 * mtime of every file read and of the folders holding them (a file added or removed beside an
 * import changes what it may resolve to), of the `always` files (present or not), and `salt` (the
 * build's own settings). A start whose fingerprint is unchanged reuses the build instead of
 * starting esbuild, whose process and first build are most of a warm start's load.
 */
export function createBuildStamp(o: { keyFile: string; always: string[]; salt: unknown }): BuildStamp {
  return {
    unchanged() {
      try {
        const saved = JSON.parse(readFileSync(o.keyFile, 'utf8')) as { inputs: string[]; key: string };
        return saved.key === fingerprint(saved.inputs, o) ? saved.inputs : undefined;
      } catch {
        return undefined;
      }
    },
    save(inputs) {
      try {
        writeFileSync(o.keyFile, JSON.stringify({ inputs, key: fingerprint(inputs, o) }));
      } catch {
        // a stamp that cannot be written only costs the next start a build
      }
    },
  };
}

function fingerprint(inputs: string[], o: { always: string[]; salt: unknown }): string {
  const files = [...new Set([...o.always, ...inputs])];
  const dirs = [...new Set(files.map((f) => dirname(f)))];
  return JSON.stringify([o.salt, ...[...files, ...dirs].map(stamp)]);
}

/** `path size mtime`, or `path -` when it is not there (an input gone since reads as a change) */
function stamp(path: string): string {
  try {
    const s = statSync(path);
    return `${path} ${s.size} ${s.mtimeMs}`;
  } catch {
    return `${path} -`;
  }
}
