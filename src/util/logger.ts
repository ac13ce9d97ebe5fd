/** A tiny logger: lines to stderr/stdout, with a prefix. Never pass secrets to it. */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  child(prefix: string): Logger;
}

export function createLogger(prefix = '', out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Logger {
  const p = prefix ? `[${prefix}] ` : '';
  return {
    info: (m) => out(`${p}${m}`),
    warn: (m) => out(`${p}warning: ${m}`),
    error: (m) => out(`${p}error: ${m}`),
    child: (c) => createLogger(prefix ? `${prefix}:${c}` : c, out),
  };
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
