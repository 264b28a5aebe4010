/**
 * A bench side in a child process of its own (side-worker.ts), seen by the bench as any Side: each
 * call is one request over IPC and waits for its answer. The child runs under the same Node flags
 * as the bench (the @swc/core hook among them).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Measured, Side, SideSetup } from './bench-kit';

export type SideRequest = { type: 'start'; key: string; setup: SideSetup } | { type: 'run'; messages: number } | { type: 'close' };
export type SideReply = { type: 'ok'; result?: unknown } | { type: 'error'; message: string };

/** Starts the side `key` (raw, lib, golevelup, nest) in a process of its own. */
export async function startSideProcess(key: string, setup: SideSetup): Promise<Side> {
  const child = fork(join(__dirname, 'side-worker.ts'), [], { execArgv: process.execArgv, stdio: 'inherit' });
  const request = ask(child, key);
  try {
    await request({ type: 'start', key, setup });
  } catch (error) {
    child.kill();
    throw error;
  }
  return {
    run: async (messages) => (await request({ type: 'run', messages })) as Measured,
    close: async () => {
      if (child.exitCode !== null) return;
      await request({ type: 'close' }).catch(() => child.kill());
    },
  };
}

/** Sends one request at a time to `child` and resolves with its answer; a child that exits first fails it. */
function ask(child: ChildProcess, key: string): (request: SideRequest) => Promise<unknown> {
  return (request) =>
    new Promise((resolve, reject) => {
      const onMessage = (reply: SideReply) => {
        child.off('exit', onExit);
        child.off('message', onMessage);
        if (reply.type === 'ok') resolve(reply.result);
        else reject(new Error(`bench side '${key}' failed to ${request.type}: ${reply.message}`));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        child.off('message', onMessage);
        reject(new Error(`bench side '${key}' exited (${signal ?? `code ${code}`}) during ${request.type}`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(request);
    });
}
