import { runTopologyCli } from './topology.cli';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runTopologyCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe('topology CLI', () => {
  it('prints the table and then the mermaid graph by default', async () => {
    const { code, stdout } = await run();
    expect(code).toBe(0);
    expect(stdout.indexOf('Exchange: ecommerce.events')).toBe(0);
    expect(stdout).toContain('```mermaid\ngraph LR\n');
  });

  it('prints one format when asked', async () => {
    const mermaid = await run('--format', 'mermaid');
    expect(mermaid.stdout.startsWith('graph LR\n')).toBe(true);
    const json = await run('--format', 'json', '--retry-delays', '1000,2000');
    const shipping = JSON.parse(json.stdout).queues.find((q: { declaration: { name: string } }) => q.declaration.name === 'shipping.service.queue');
    expect(shipping.declaration.retry.delaysMs).toEqual([1000, 2000]);
    const table = await run('--format', 'table', '--queue-type', 'classic');
    expect(table.stdout).toContain('Queue type: classic');
    expect(table.stdout).not.toContain('```mermaid');
  });

  it('rejects a bad format or delay list', async () => {
    const format = await run('--format', 'svg');
    expect(format.code).toBe(1);
    expect(format.stderr).toContain("argument 'svg' is invalid");
    const delays = await run('--retry-delays', '30s');
    expect(delays.code).toBe(1);
    expect(delays.stderr).toContain("not a delay in ms: '30s'");
  });
});
