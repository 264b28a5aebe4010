/**
 * A raw consumer in a process of its own (the raw ceiling's `--raw-processes separate`), forked by
 * flow.bench.ts: argv role mode prefetch, AMQP_URL in the environment. Parent → {target}; child →
 * {ready} once consuming and {reached: target} once it has seen that many deliveries.
 */
import { RawRoleRunner } from './lib/raw-role';
import type { RawMode, RawRole } from './lib/raw-topology';

const [role, mode, prefetch] = process.argv.slice(2);
const runner = new RawRoleRunner({ role: role as RawRole, mode: mode as RawMode, url: String(process.env['AMQP_URL']), prefetch: Number(prefetch) });

process.on('message', (message: { target?: number; close?: boolean }) => {
  if (message.close) {
    void runner.close().finally(() => process.exit(0));
    return;
  }
  if (message.target !== undefined) {
    const target = message.target;
    void runner.reach(target).then(() => process.send?.({ reached: target }));
  }
});
// Orphaned (the bench died): stop.
process.on('disconnect', () => void runner.close().finally(() => process.exit(0)));

runner.start().then(
  () => process.send?.({ ready: true }),
  (error: unknown) => {
    console.error(`raw worker ${role}: ${String(error)}`);
    process.exit(1);
  },
);
