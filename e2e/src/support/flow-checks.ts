import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { Topology } from '@ecom/contracts';
import { waitFor } from '@ecom/rabbit/testing';
import { connect } from 'amqplib';
import { isFinal, type OrderView } from './orders';
import type { RunningSystem, Service } from './system';

/** A client that places an order the way a well-behaved one does: on 503 it waits and tries again. */
export class OrderClient {
  readonly placed: string[] = [];
  unavailable = 0;
  retryAfterSeen = new Set<string>();
  private next = 0;

  constructor(
    private readonly system: RunningSystem,
    private readonly instances: number,
  ) {}

  async place(body: object): Promise<void> {
    for (;;) {
      // Spread over the order-service instances, as a load balancer would.
      const instance = this.next++ % this.instances;
      const response = await this.system
        .http('order-service', instance)
        .post('/orders')
        .send(body)
        .then((r) => r, () => undefined); // connection refused: that instance is down; try the next
      if (response?.status === 201) {
        this.placed.push(response.body.orderId as string);
        return;
      }
      if (response && response.status !== 503) {
        throw new Error(`POST /orders answered ${response.status}: ${JSON.stringify(response.body)}`);
      }
      if (response) {
        this.unavailable++;
        this.retryAfterSeen.add(String(response.headers['retry-after']));
      }
      // Retry-After says 5 s; this client is impatient, which only makes the test harder.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function dlqDepths(amqpUrl: string): Promise<Record<string, number>> {
  const model = await connect(amqpUrl);
  try {
    const channel = await model.createChannel();
    const depths: Record<string, number> = {};
    for (const queue of Topology.queues) depths[queue.deadLetterQueue] = (await channel.checkQueue(queue.deadLetterQueue)).messageCount;
    return depths;
  } finally {
    await model.close();
  }
}

/**
 * The consistency figures every fault-injecting run prints, in this order: what was redelivered and
 * absorbed, and what went wrong (lost, doubled, dead-lettered, processes exited: all 0 in a good run).
 */
export async function consistencyFigures(
  system: RunningSystem,
  run: { expected: number; orders: readonly OrderView[]; doubled: readonly string[]; dlqDepths: Record<string, number> },
) {
  return {
    redeliveries: await metricSum(system, 'ecom_rabbit_redelivered_total'),
    duplicatesAbsorbed: await metricSum(system, 'ecom_rabbit_duplicates_absorbed_total'),
    lost: run.expected - run.orders.length,
    doubled: run.doubled.length,
    deadLettered: Object.values(run.dlqDepths).reduce((a, b) => a + b, 0),
    processesExited: system.crashed().length,
  };
}

export async function metricSum(system: RunningSystem, name: string): Promise<number> {
  let sum = 0;
  for (const { service, instance } of system.instances()) {
    const text = (await system.http(service, instance).get('/metrics')).text ?? '';
    for (const line of text.split('\n')) {
      if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}

/** Every order once all are final; otherwise undefined, and `pending` tells which are not (for the failure message). */
async function allFinal(system: RunningSystem, ids: readonly string[], pending: Map<string, string>): Promise<OrderView[] | undefined> {
  const orders: OrderView[] = [];
  pending.clear();
  for (const id of ids) {
    const response = await system.http('order-service').get(`/orders/${id}`);
    const order = response.body as OrderView;
    if (response.status === 200 && isFinal(order)) orders.push(order);
    else pending.set(id, response.status === 200 ? order.status : `HTTP ${response.status}`);
  }
  return pending.size === 0 ? orders : undefined;
}

export async function waitAllFinal(system: RunningSystem, ids: readonly string[], timeoutMs: number): Promise<OrderView[]> {
  const pending = new Map<string, string>();
  try {
    return await waitFor(() => allFinal(system, ids, pending), { timeoutMs, intervalMs: 1_000, what: `all ${ids.length} orders to reach a final status` });
  } catch (error) {
    const sample = [...pending.entries()].slice(0, 10).map(([id, status]) => `${id}: ${status}`);
    throw new Error(`${(error as Error).message}; ${pending.size} not final, e.g.\n${sample.join('\n')}`);
  }
}

/** Each order's effects, counted in the services' own read APIs: more than one of any is a double. */
export async function doubledEffects(system: RunningSystem, orders: readonly OrderView[]): Promise<string[]> {
  const doubled: string[] = [];
  const count = async (service: Service, path: string) => ((await system.http(service).get(path)).body as unknown[]).length;
  for (const order of orders) {
    const counts = [
      await count('payment-service', `/payments?orderId=${order.orderId}`),
      await count('inventory-service', `/reservations?orderId=${order.orderId}`),
      await count('shipping-service', `/shipments?orderId=${order.orderId}`),
    ];
    const eventIds = order.history.map((entry) => entry.eventId);
    if (counts.some((n) => n > 1) || new Set(eventIds).size !== eventIds.length) doubled.push(order.orderId);
  }
  return doubled;
}

const AUDIT_CLI = resolve(__dirname, '../../../tools/dist/audit/audit.cli.js');

/** `npm run audit` against the running system's read APIs (instance 0 of each service); its last line and violations. */
export async function runAudit(system: RunningSystem): Promise<{ violations: number; last: string; output: string }> {
  const services: Service[] = ['order-service', 'payment-service', 'inventory-service', 'shipping-service', 'notification-service'];
  const args = services.flatMap((service) => [`--${service.replace('-service', '')}`, system.url(service)]);
  const output = await new Promise<string>((resolve) => {
    execFile(process.execPath, [AUDIT_CLI, ...args], { maxBuffer: 16 * 1024 * 1024 }, (_error, stdout) => resolve(String(stdout)));
  });
  const last = output.trimEnd().split('\n').at(-1) ?? '';
  return { violations: Number(/(\d+) violations$/.exec(last)?.[1] ?? NaN), last, output };
}

/** How many orders ended in each status, for the runs' printed figures. */
export function countByStatus(orders: readonly OrderView[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const order of orders) counts[order.status] = (counts[order.status] ?? 0) + 1;
  return counts;
}
