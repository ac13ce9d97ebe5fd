import { importModule } from '../util/import-module.js';

/**
 * Watches `amplify/` and calls `onChange` once per burst of edits; a change made while a reload
 * runs queues exactly one more reload (like ampx's deploy latch). Resolves once watching.
 */
export async function watchAmplify(dir: string, onChange: () => Promise<void>, debounceMs = 100): Promise<{ close(): Promise<void> }> {
  // loaded here: `--once` and `hearth start` never watch
  const { watch } = await importModule<typeof import('chokidar')>('chokidar');
  const watcher = watch(dir, { ignoreInitial: true, ignored: (p) => p.includes('node_modules') || p.includes('/.amplify') });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let queued = false;
  const run = async () => {
    if (running) {
      queued = true;
      return;
    }
    running = onChange().finally(() => {
      running = undefined;
      if (queued) {
        queued = false;
        void run();
      }
    });
  };
  watcher.on('all', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), debounceMs);
  });
  // an edit made before the initial scan ends would be missed: "ready" includes watching
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
