import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_RETRY_DELAYS_MS } from './topology-model';
import { renderTopology } from './topology.cli';

/** The README's topology picture is the topology command's output, so it cannot drift from the code. */
describe('README topology', () => {
  it('matches `npm run topology -- --format mermaid`', () => {
    const readme = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');
    const block = /<!-- topology:start -->\n```mermaid\n([\s\S]*?)```\n<!-- topology:end -->/.exec(readme);
    expect(block).not.toBeNull();
    expect(block?.[1]).toBe(renderTopology('mermaid', { retryDelaysMs: [...DEFAULT_RETRY_DELAYS_MS] }));
  });
});
