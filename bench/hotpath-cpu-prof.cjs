/**
 * Preloaded with `NODE_OPTIONS=--require <this>` (node refuses --cpu-prof there): profiles the process
 * from start to exit and writes `<HOTPATH_PROF_DIR>/<pid>.cpuprofile`. The inspector session answers
 * synchronously, so the profile can be taken in the 'exit' handler.
 */
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.HOTPATH_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (err, r) => {
      if (!err) writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(r.profile));
    });
  });
}
