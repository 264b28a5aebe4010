import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '@ecom/rabbit/testing';

const run = promisify(execFile);

export interface ClusterNode {
  /** Erlang node name, e.g. `rabbit2@localhost`. */
  name: string;
  amqpPort: number;
}

/**
 * Extra RabbitMQ nodes beside the machine's own, clustered with each other (the machine's node
 * on 5672 stays out). Each node gets its own name, AMQP and distribution ports, config, data, logs
 * and plugins file in a folder owned by the `rabbitmq` user; the shared Erlang cookie lets them
 * and `rabbitmqctl -n` talk. Needs root (the server scripts switch to the `rabbitmq` user).
 */
export class RabbitCluster {
  private stopped: string | undefined;

  private constructor(
    readonly nodes: ClusterNode[],
    private readonly dir: string,
  ) {}

  /** Whether this machine can run extra nodes: root, and the server scripts on the PATH. */
  static async available(): Promise<boolean> {
    if (process.getuid?.() !== 0) return false;
    return run('which', ['rabbitmq-server']).then(
      () => true,
      () => false,
    );
  }

  static async start(size: number, firstAmqpPort: number): Promise<RabbitCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'ecom-rabbit-cluster-'));
    // Names of this run's own: two runs on one machine (two checkouts) must not join each other's nodes.
    const suffix = randomUUID().slice(0, 6);
    const nodes = Array.from({ length: size }, (_, i) => ({ name: `ecomtest${i + 1}-${suffix}@localhost`, amqpPort: firstAmqpPort + i }));
    const cluster = new RabbitCluster(nodes, dir);
    try {
      for (const node of nodes) cluster.prepare(node);
      const { stdout: uid } = await run('id', ['-u', 'rabbitmq']);
      const { stdout: gid } = await run('id', ['-g', 'rabbitmq']);
      chown(dir, Number(uid), Number(gid));
      for (const node of nodes) await cluster.startNode(node);
      const [first, ...rest] = nodes;
      for (const node of rest) {
        await ctl(node, 'stop_app');
        await ctl(node, 'join_cluster', first.name);
        await ctl(node, 'start_app');
      }
      await waitFor(async () => (await ctl(first, 'cluster_status', '--formatter', 'json')).includes(rest.at(-1)?.name ?? first.name), {
        timeoutMs: 60_000,
        intervalMs: 500,
        what: 'the cluster to form',
      });
      return cluster;
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
  }

  /** An AMQP URL per node for `vhost`, comma-separated, as a service's AMQP_URL takes them. */
  urls(vhost: string): string {
    return this.nodes.map((node) => nodeUrl(node, vhost)).join(',');
  }

  url(node: ClusterNode, vhost: string): string {
    return nodeUrl(node, vhost);
  }

  async addVhost(vhost: string): Promise<void> {
    const node = this.nodes[0];
    await ctl(node, 'add_vhost', vhost);
    await ctl(node, 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
  }

  /** The node that leads the most of the vhost's queues (quorum queue leaders), busiest first. */
  async busiestLeader(vhost: string, anyLiveNode: ClusterNode): Promise<ClusterNode> {
    const out = await ctl(anyLiveNode, 'list_queues', '-p', vhost, 'name', 'leader', 'messages', '--formatter', 'json');
    const queues = JSON.parse(out) as { name: string; leader: string; messages: number }[];
    const load = new Map<string, number>();
    // Every queue counts once, and its backlog on top: losing that leader moves the most work.
    for (const queue of queues) load.set(queue.leader, (load.get(queue.leader) ?? 0) + 1 + queue.messages);
    const [leader] = [...load.entries()].sort((a, b) => b[1] - a[1])[0];
    const node = this.nodes.find((n) => n.name === leader);
    if (!node) throw new Error(`leader ${leader} is not one of the cluster's nodes`);
    return node;
  }

  /** Every queue of the vhost with its depth and leader, for a failure message. */
  async describeQueues(vhost: string): Promise<string> {
    const live = this.nodes.find((node) => node.name !== this.stopped) ?? this.nodes[0];
    return ctl(live, 'list_queues', '-p', vhost, 'name', 'type', 'leader', 'messages', 'messages_ready', 'messages_unacknowledged');
  }

  /** How many nodes each of the vhost's queues is replicated on (quorum queue members). */
  async replicas(vhost: string): Promise<Record<string, number>> {
    const out = await ctl(this.nodes[0], 'list_queues', '-p', vhost, 'name', 'members', '--formatter', 'json');
    const queues = JSON.parse(out) as { name: string; members: string[] }[];
    return Object.fromEntries(queues.map((queue) => [queue.name, queue.members.length]));
  }

  /** Stops the node's Erlang VM (what a crashed or rebooted broker host looks like to its clients). */
  async stopNode(node: ClusterNode): Promise<void> {
    this.stopped = node.name;
    await ctl(node, 'stop');
  }

  async startNode(node: ClusterNode): Promise<void> {
    if (this.stopped === node.name) this.stopped = undefined;
    const home = join(this.dir, node.name);
    await run('rabbitmq-server', ['-detached'], {
      cwd: '/',
      env: {
        ...process.env,
        RABBITMQ_NODENAME: node.name,
        RABBITMQ_NODE_PORT: String(node.amqpPort),
        RABBITMQ_DIST_PORT: String(node.amqpPort + 20_000 + 100),
        RABBITMQ_CONFIG_FILE: join(home, 'rabbitmq.conf'),
        RABBITMQ_MNESIA_BASE: join(home, 'mnesia'),
        RABBITMQ_LOG_BASE: join(home, 'log'),
        RABBITMQ_PID_FILE: join(home, 'pid'),
        RABBITMQ_ENABLED_PLUGINS_FILE: join(home, 'enabled_plugins'),
      },
    });
    // The node registers with epmd a moment after -detached returns; await_startup needs that.
    await waitFor(() => ctl(node, 'await_startup', '--timeout', '60').then(() => true), {
      timeoutMs: 90_000,
      intervalMs: 500,
      what: `${node.name} to start`,
    });
  }

  /** Stops every node (also after a failure) and deletes their data. */
  async destroy(): Promise<void> {
    await Promise.all(this.nodes.map((node) => ctl(node, 'stop').catch(() => undefined)));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private prepare(node: ClusterNode): void {
    const home = join(this.dir, node.name);
    mkdirSync(join(home, 'log'), { recursive: true });
    // Its own listener: the machine's /etc/rabbitmq/rabbitmq.conf pins 127.0.0.1:5672.
    writeFileSync(join(home, 'rabbitmq.conf'), `listeners.tcp.local = 127.0.0.1:${node.amqpPort}\n`);
    writeFileSync(join(home, 'enabled_plugins'), '[].\n');
  }
}

function nodeUrl(node: ClusterNode, vhost: string): string {
  return `amqp://guest:guest@127.0.0.1:${node.amqpPort}/${encodeURIComponent(vhost)}`;
}

async function ctl(node: ClusterNode, ...args: string[]): Promise<string> {
  return (await run('rabbitmqctl', ['-n', node.name, '-q', ...args], { timeout: 120_000 })).stdout;
}

function chown(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chown(child, uid, gid);
    else chownSync(child, uid, gid);
  }
}
