import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { RoutingKey } from '../src/routing-key';
import { Topology } from '../src/topology';

const document = readFileSync(join(__dirname, '..', 'asyncapi.json'), 'utf8');

describe('asyncapi.json', () => {
  it('parses as AsyncAPI 3.0.0 without errors, and says which message each routing key carries', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(document);
    // Severity 0 is "error"; warnings (missing contact, license) are fine for an internal API.
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(parsed).toBeDefined();
    expect(parsed?.version()).toBe('3.0.0');

    const byAddress = new Map(parsed?.channels().all().map((channel) => [channel.address(), channel]) ?? []);
    for (const key of Object.values(RoutingKey)) {
      const channel = byAddress.get(key);
      expect(channel?.messages().length).toBeGreaterThan(0);
      expect(channel?.messages().all().every((m) => m.payload()?.type() === 'object')).toBe(true);
    }
    for (const queue of Topology.queues) {
      expect(byAddress.get(queue.name)?.messages().length).toBeGreaterThan(0);
    }
  });
});
