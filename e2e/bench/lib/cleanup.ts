/**
 * Everything the bench must undo (services, worker processes, vhosts), run in reverse order on
 * the normal path, on an error, and on SIGINT/SIGTERM.
 */
const tasks: { what: string; run: () => Promise<unknown> }[] = [];
let installed = false;

export function onCleanup(what: string, run: () => Promise<unknown>): () => Promise<void> {
  install();
  const task = { what, run };
  tasks.push(task);
  // Runs it now and forgets it (the normal end of a part).
  return async () => {
    const index = tasks.indexOf(task);
    if (index < 0) return;
    tasks.splice(index, 1);
    await runTask(task);
  };
}

export async function cleanupAll(): Promise<void> {
  while (tasks.length > 0) await runTask(tasks.pop() as (typeof tasks)[number]);
}

async function runTask(task: (typeof tasks)[number]): Promise<void> {
  try {
    await task.run();
  } catch (error) {
    console.error(`cleanup: ${task.what} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up (services, workers, vhosts)…`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
}
