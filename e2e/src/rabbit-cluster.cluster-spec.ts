import { randomUUID } from 'node:crypto';
import { waitFor } from '@ecom/rabbit/testing';
import { consistencyFigures, countByStatus, dlqDepths, doubledEffects, OrderClient, waitAllFinal } from './support/flow-checks';
import { orderBody } from './support/orders';
import { RabbitCluster, type ClusterNode } from './support/rabbit-cluster';
import { RunningSystem } from './support/system';

const ORDERS = Number(process.env['CLUSTER_ORDERS'] ?? 300);
const clusterAvailable = RabbitCluster.available();

/**
 * Issue 14: a three-node RabbitMQ cluster, quorum queues replicated on all three, loses the node
 * that leads the busiest queues mid-flow and gets it back. The services take every node's URL and
 * fail over; nothing is lost, duplicates are absorbed.
 */
describe('a three-node RabbitMQ cluster losing a node mid-flow', () => {
  let cluster: RabbitCluster | undefined;
  let system: RunningSystem | undefined;
  const vhost = `ecom-e2e-cluster-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    if (!(await clusterAvailable)) return;
    cluster = await RabbitCluster.start(3, 5680 + Number(process.env['E2E_PORT_OFFSET'] ?? 0));
    await cluster.addVhost(vhost);
    system = await RunningSystem.start({ amqpUrl: cluster.urls(vhost), portBase: 3240 });
  });

  afterAll(async () => {
    await system?.stop();
    await cluster?.destroy();
  });

  it('fails over, loses nothing and absorbs the duplicates', async () => {
    if (!cluster || !system) {
      console.warn('cluster suite skipped: extra RabbitMQ nodes need root and rabbitmq-server on this machine');
      return;
    }
    const nodes = cluster;
    const flow = system;
    const started = Date.now();
    const client = new OrderClient(system, 1);
    const faults: string[] = [];
    let victim: ClusterNode | undefined;
    let stoppedAt = 0;
    let firstFinalAfterStopMs = -1;

    // Every queue (work, retry, DLQ, delay) is a quorum queue with a member on each node.
    const replicas = await cluster.replicas(vhost);
    expect(Object.keys(replicas).length).toBeGreaterThan(10);
    expect(Object.values(replicas).every((members) => members === 3)).toBe(true);

    const chaos = async () => {
      await waitFor(() => client.placed.length >= ORDERS * 0.4, { timeoutMs: 120_000, what: '40 % of the orders' });
      victim = await nodes.busiestLeader(vhost, nodes.nodes[0]);
      faults.push(`stopped ${victim.name} (leader of the busiest queues) after ${client.placed.length} orders`);
      stoppedAt = Date.now();
      const placedAtStop = client.placed.length;
      await nodes.stopNode(victim);
      // Recovery: an order placed after the node went away completes the whole flow.
      await waitFor(() => client.placed.length > placedAtStop, { timeoutMs: 60_000, what: 'an order after the stop' });
      await waitAllFinal(flow, [client.placed[placedAtStop]], 120_000);
      firstFinalAfterStopMs = Date.now() - stoppedAt;
      await waitFor(() => client.placed.length >= ORDERS * 0.75, { timeoutMs: 120_000, what: '75 % of the orders' });
      faults.push(`started ${victim.name} again after ${client.placed.length} orders`);
      await nodes.startNode(victim);
    };

    const load = async () => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < ORDERS) {
            const i = next++;
            // No carrier retries here: on RabbitMQ 3.10 a retry copy that expires while a node is down
            // can stay parked in the retry queue's dead-letter worker for minutes (see the README).
            await client.place(i % 10 === 5 ? orderBody(`CUST-CL-DECLINED-${i}`, 'PROD123', 40, 30) : orderBody(`CUST-CL-${i}`, 'PROD123', 1, 12.5));
            await new Promise((resolve) => setTimeout(resolve, 30));
          }
        }),
      );
    };

    await Promise.all([load(), chaos()]);
    const orders = await waitAllFinal(system, client.placed, 120_000).catch(async (error: Error) => {
      // Where the unfinished orders' messages are: the queues of the vhost, as the cluster sees them.
      console.log(`RABBITMQ CLUSTER queues at failure:\n${await nodes.describeQueues(vhost)}`);
      throw error;
    });
    const doubled = await doubledEffects(system, orders);
    const live = cluster.nodes.find((node) => node !== victim) ?? cluster.nodes[0];
    const depths = await dlqDepths(cluster.url(live, vhost));
    const figures = {
      orders: client.placed.length,
      final: orders.length,
      byStatus: countByStatus(orders),
      faults,
      firstOrderAfterStopFinalMs: firstFinalAfterStopMs,
      ...(await consistencyFigures(system, { expected: ORDERS, orders, doubled, dlqDepths: depths })),
      seconds: Math.round((Date.now() - started) / 1000),
    };
    console.log(`RABBITMQ CLUSTER ${JSON.stringify(figures, null, 2)}`);
    expect(system.crashed()).toEqual([]);
    expect(figures.final).toBe(ORDERS);
    expect(doubled).toEqual([]);
    expect(figures.deadLettered).toBe(0);
  });
});
