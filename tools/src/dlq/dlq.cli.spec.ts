import { FAILURE_HEADERS } from '@ecom/rabbit/dlq';
import { RabbitHeader } from '@ecom/rabbit';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { runDlqCli } from './dlq.cli';
import {
  captureIo,
  createFixture,
  messageCount,
  seedDeadLetter,
  takeMessages,
  TEST_AMQP_URL,
  waitForCount,
  type Fixture,
} from './dlq.test-support';

const root = path.resolve(__dirname, '../../..');

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await runDlqCli(argv, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

describe('dlq CLI against the broker', () => {
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await createFixture('cli');
    seedDeadLetter(fixture, { id: 'm1', orderId: 'order-1', routingKey: 'order.created', reason: 'invalid-schema' });
    seedDeadLetter(fixture, {
      id: 'm2',
      orderId: 'order-2',
      routingKey: 'payment.processed.successful',
      reason: 'retries-exhausted',
      errorMessage: 'payment gateway timed out after 30000 ms while charging the card of the customer',
      attempts: 4,
      replayCount: 1,
    });
    seedDeadLetter(fixture, { id: 'm3', orderId: 'order-3', routingKey: 'nobody.listens.here', reason: 'no-handler' });
    seedDeadLetter(fixture, { id: 'm4', exchange: null, body: Buffer.from('not json at all') });
    await waitForCount(fixture, fixture.dlq, 4);
  });

  afterAll(async () => {
    await fixture?.cleanup();
  });

  it('lists one row per message and leaves them in the queue', async () => {
    const { code, stdout, stderr } = await cli('list', fixture.dlq, '--json');
    expect(code).toBe(0);
    const rows = JSON.parse(stdout);
    expect(rows.map((row: { messageId: string }) => row.messageId)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(rows[0]).toMatchObject({
      position: 1,
      messageId: 'm1',
      orderId: 'order-1',
      correlationId: 'corr-m1',
      routingKey: 'order.created',
      attempts: 1,
      deathReason: 'invalid-schema',
      errorMessage: 'event order.created failed its schema',
      lastFailureAt: '2025-01-01T10:00:30.000Z',
    });
    expect(rows[1]).toMatchObject({ orderId: 'order-2', attempts: 4, deathReason: 'retries-exhausted', replayCount: 1 });
    expect(rows[3].orderId).toBeUndefined();
    expect(stderr).toContain(`4 message(s) in ${fixture.dlq}`);
    await waitForCount(fixture, fixture.dlq, 4);

    const table = await cli('list', fixture.dlq);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^#\s+MESSAGE ID\s+ORDER ID\s+CORRELATION ID\s+ROUTING KEY\s+ATTEMPTS\s+REASON\s+LAST FAILURE$/);
    expect(lines).toHaveLength(6);
    expect(lines[2]).toMatch(/^1\s+m1\s+order-1\s+corr-m1\s+order\.created\s+1\s+invalid-schema: event order\.created failed its schema\s+2025-01-01T10:00:30\.000Z$/);
    expect(lines[3]).toContain('retries-exhausted: payment gateway timed out');
    expect(lines[3]).toContain('…'); // the long reason is cut
    await waitForCount(fixture, fixture.dlq, 4);
  });

  it('names an unknown queue and exits 1', async () => {
    const { code, stderr } = await cli('list', `${fixture.dlq}.missing`);
    expect(code).toBe(1);
    expect(stderr).toContain(`queue '${fixture.dlq}.missing' does not exist`);
  });

  it('shows one message whole', async () => {
    const { code, stdout } = await cli('show', fixture.dlq, 'm2');
    expect(code).toBe(0);
    expect(stdout).toContain(`Message m2 in ${fixture.dlq} (position 2)`);
    expect(stdout).toContain('correlationId: corr-m2');
    expect(stdout).toContain('type: payment.processed.successful');
    expect(stdout).toContain('ecom-death-reason: retries-exhausted');
    expect(stdout).toContain('ecom-error-stack: ContractValidationError: boom\n          at handler (order.ts:1:1)');
    expect(stdout).toContain('ecom-violations: [{"path":"/amount","message":"must be >= 0"}]');
    expect(stdout).toContain('Body (JSON):\n{\n  "orderId": "order-2",\n  "amount": -1\n}');

    const json = JSON.parse((await cli('show', fixture.dlq, 'm4', '--json')).stdout);
    expect(json).toMatchObject({ position: 4, bodyIsJson: false, body: 'not json at all', properties: { messageId: 'm4' } });

    const missing = await cli('show', fixture.dlq, 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no message with id 'nope' in ${fixture.dlq}`);
    await waitForCount(fixture, fixture.dlq, 4);
  });

  it('replay --dry-run lists what would move and touches nothing', async () => {
    const { code, stdout } = await cli('replay', fixture.dlq, '--all', '--dry-run');
    expect(stdout).toContain(`would-replay m1 -> ${fixture.exchange} / order.created`);
    expect(stdout).toContain(`would-replay m3 -> ${fixture.exchange} / nobody.listens.here`);
    expect(stdout).toMatch(/skipped\s+m4: no ecom-original-exchange header/);
    expect(stdout).toContain('dry run: would replay 3, skipped 1, not found 0; nothing was changed');
    expect(code).toBe(1); // m4 cannot be replayed
    await waitForCount(fixture, fixture.dlq, 4);
    expect(await messageCount(fixture, fixture.target)).toBe(0);
  });

  it('replay --id moves only that message, with a fresh attempt counter and no failure headers', async () => {
    const { code, stdout } = await cli('replay', fixture.dlq, '--id', 'm1');
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').pop()).toBe('replayed 1, skipped 0, failed 0');
    const [copy] = await takeMessages(fixture, fixture.target, 1);
    await waitForCount(fixture, fixture.dlq, 3);
    expect(await messageCount(fixture, fixture.target)).toBe(0);

    expect(copy.fields.exchange).toBe(fixture.exchange);
    expect(copy.fields.routingKey).toBe('order.created');
    expect(JSON.parse(copy.content.toString())).toEqual({ orderId: 'order-1', amount: -1 });
    expect(copy.properties).toMatchObject({
      messageId: 'm1',
      correlationId: 'corr-m1',
      type: 'order.created',
      appId: 'order-service',
      timestamp: 1_735_725_600,
      contentType: 'application/json',
      deliveryMode: 2,
    });
    const headers = copy.properties.headers as Record<string, unknown>;
    expect(headers[RabbitHeader.Attempt]).toBe(1);
    expect(headers[RabbitHeader.ReplayCount]).toBe(1);
    expect(new Date(String(headers[RabbitHeader.ReplayedAt])).toISOString()).toBe(headers[RabbitHeader.ReplayedAt]);
    for (const name of FAILURE_HEADERS) expect(headers).not.toHaveProperty(name);
    expect(headers['ecom-schema-version']).toBe('1');
    expect(headers['traceparent']).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');

    const rest = JSON.parse((await cli('list', fixture.dlq, '--json')).stdout);
    expect(rest.map((row: { messageId: string }) => row.messageId)).toEqual(['m2', 'm3', 'm4']);
  });

  it('replay --id reports ids it cannot find', async () => {
    const { code, stdout } = await cli('replay', fixture.dlq, '--id', 'm1', '--dry-run');
    expect(code).toBe(1);
    expect(stdout).toMatch(/not-found\s+m1/);
    await waitForCount(fixture, fixture.dlq, 3);
  });

  it('replay --all moves the rest; an unroutable one and one without origin stay in the DLQ', async () => {
    const { code, stdout } = await cli('replay', fixture.dlq, '--all');
    expect(code).toBe(1);
    expect(stdout).toMatch(/failed\s+m3 -> .* \/ nobody\.listens\.here: unroutable: no queue is bound to 'nobody\.listens\.here'/);
    expect(stdout.trimEnd().split('\n').pop()).toBe('replayed 1, skipped 1, failed 1');
    const [copy] = await takeMessages(fixture, fixture.target, 1);
    expect(copy.properties.messageId).toBe('m2');
    expect(copy.fields.routingKey).toBe('payment.processed.successful');
    expect((copy.properties.headers as Record<string, unknown>)[RabbitHeader.ReplayCount]).toBe(2);
    expect((copy.properties.headers as Record<string, unknown>)[RabbitHeader.Attempt]).toBe(1);
    await waitForCount(fixture, fixture.dlq, 2);
    const rest = JSON.parse((await cli('list', fixture.dlq, '--json')).stdout);
    expect(rest.map((row: { messageId: string }) => row.messageId).sort()).toEqual(['m3', 'm4']);
  });

  it('replay needs --id or --all', async () => {
    const { code, stderr } = await cli('replay', fixture.dlq);
    expect(code).toBe(1);
    expect(stderr).toContain('say what to replay');
  });

  it('purge refuses without --yes, and purges with it', async () => {
    const refused = await cli('purge', fixture.dlq);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`refusing to purge ${fixture.dlq} (2 message(s)) without --yes`);
    await waitForCount(fixture, fixture.dlq, 2);

    const purged = await cli('purge', fixture.dlq, '--yes');
    expect(purged.code).toBe(0);
    expect(purged.stdout).toBe(`purged 2 message(s) from ${fixture.dlq}\n`);
    await waitForCount(fixture, fixture.dlq, 0);

    const unknown = await cli('purge', `${fixture.dlq}.missing`, '--yes');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`queue '${fixture.dlq}.missing' does not exist`);
  });

  it('reports a broker it cannot reach', async () => {
    const { code, stderr } = await cli('list', fixture.dlq, '--url', 'amqp://guest:secret@127.0.0.1:1');
    expect(code).toBe(1);
    expect(stderr).toContain('cannot connect to amqp://guest:***@127.0.0.1:1');
    expect(stderr).not.toContain('secret');
  });
});

describe('dlq CLI as a process', () => {
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await createFixture('proc');
    seedDeadLetter(fixture, { id: 'p1', orderId: 'order-p1' });
    await waitForCount(fixture, fixture.dlq, 1);
  });

  afterAll(async () => {
    await fixture?.cleanup();
  });

  it('runs `dlq list --json` and exits 0, leaving the message', async () => {
    const tsx = path.join(root, 'node_modules/.bin/tsx');
    const args = ['--tsconfig', 'tools/tsconfig.tsx.json', 'tools/src/dlq/dlq.cli.ts', 'list', fixture.dlq, '--json'];
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(tsx, args, { cwd: root, env: { ...process.env, AMQP_URL: TEST_AMQP_URL } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.stderr).toContain(`1 message(s) in ${fixture.dlq}`);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ messageId: 'p1', orderId: 'order-p1' })]);
    await waitForCount(fixture, fixture.dlq, 1);
  });
});
