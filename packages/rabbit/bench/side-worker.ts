/**
 * One side of the rabbit bench in a process of its own, driven by the bench over IPC (see
 * side-process.ts): `start` brings the side up, each `run` measures one run, `close` takes it
 * down and ends the process. A side alone in its process measures only its own CPU, and inherits
 * nothing from the sides before it: not their heap, their compiled code, nor Node's async hooks,
 * which stay on for the whole process once any AsyncLocalStorage is entered (the library's
 * message context is one) and then cost every promise of every side that runs after it.
 */
import 'reflect-metadata';
import type { Side, SideSetup } from './bench-kit';
import type { SideReply, SideRequest } from './side-process';

/** Each side's module, loaded only in the process that runs it. */
const starters: Record<string, () => (setup: SideSetup) => Promise<Side>> = {
  raw: () => require('./raw.side').rawSide,
  lib: () => require('./library.side').librarySide,
  golevelup: () => require('./golevelup.side').golevelupSide,
  nest: () => require('./nest-rmq.side').nestRmqSide,
};

let side: Side | undefined;

async function handle(request: SideRequest): Promise<unknown> {
  switch (request.type) {
    case 'start': {
      const starter = starters[request.key];
      if (!starter) throw new Error(`no bench side '${request.key}'`);
      side = await starter()(request.setup);
      return undefined;
    }
    case 'run':
      if (!side) throw new Error('the side was not started');
      return side.run(request.messages);
    case 'close':
      await side?.close();
      side = undefined;
      return undefined;
  }
}

function reply(message: SideReply): Promise<void> {
  return new Promise((resolve) => (process.send as NonNullable<typeof process.send>)(message, undefined, {}, () => resolve()));
}

process.on('message', (request: SideRequest) => {
  void handle(request).then(
    async (result) => {
      await reply({ type: 'ok', result });
      if (request.type === 'close') process.exit(0);
    },
    (error: unknown) => reply({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});

// The bench went away (it failed or was killed): do not outlive it holding a broker connection.
process.on('disconnect', () => process.exit(1));
