/**
 * Preloaded into the sandbox by `bench/auth-focus.js --profile` and `bench/hotpath.js --prof`
 * (NODE_OPTIONS=--import, since --cpu-prof is not allowed there): profiles the `hearth sandbox`
 * process itself, not its function workers, sampling every HEARTH_BENCH_PROFILE_INTERVAL_US µs
 * (default 1000), and writes CPU.<pid>.cpuprofile to HEARTH_BENCH_PROFILE_DIR when it exits.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.HEARTH_BENCH_PROFILE_DIR;
if (dir && process.argv.includes('sandbox')) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: Number(process.env.HEARTH_BENCH_PROFILE_INTERVAL_US) || 1000 });
  session.post('Profiler.start');
  process.once('exit', () => {
    // the in-process inspector answers synchronously, so this completes inside the exit handler
    session.post('Profiler.stop', (err, r) => {
      if (!err) writeFileSync(join(dir, `CPU.${process.pid}.cpuprofile`), JSON.stringify(r.profile));
    });
  });
}
