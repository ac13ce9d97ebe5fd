import { watch } from 'chokidar';

/**
 * Watches `amplify/` and calls `onChange` once per burst of edits; a change made while a reload
 * runs queues exactly one more reload (like ampx's deploy latch).
 */
export function watchAmplify(dir: string, onChange: () => Promise<void>, debounceMs = 100): { close(): Promise<void> } {
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
  return {
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
