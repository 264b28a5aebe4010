// Preloaded into the services (NODE_OPTIONS=-r …) only when the bench runs with --cpu-prof.
// Idle until signalled: the first SIGWINCH starts the V8 CPU profiler, the second stops it and
// writes $BENCH_PROFILE_DIR/<service>.cpuprofile. (Node's own --cpu-prof writes nothing here:
// Nest's shutdown hook re-raises SIGTERM, and a process killed by a signal never writes it; and
// signalling (SIGWINCH: Nest's shutdown hooks take SIGUSR2 and most others) lets the profile cover the measured window only, not start-up and warm-up.)
const { Session } = require('node:inspector');
const { writeFileSync, mkdirSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');

const dir = process.env.BENCH_PROFILE_DIR;
const service = basename(dirname(dirname(process.argv[1] || 'unknown/dist/main.js')));
let session;

if (dir) {
  process.on('SIGWINCH', () => {
    if (!session) {
      session = new Session();
      session.connect();
      session.post('Profiler.setSamplingInterval', { interval: 200 }, () =>
        session.post('Profiler.enable', () => session.post('Profiler.start')),
      );
      return;
    }
    session.post('Profiler.stop', (error, result) => {
      if (!error) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${service}.cpuprofile`), JSON.stringify(result.profile));
      }
      session.disconnect();
      session = undefined;
    });
  });
}
