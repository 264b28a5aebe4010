import type { QueueSpec } from '@ecom/rabbit/topology';
import { renderTable } from '../shared/table';
import { attemptsRetriedAfter, type TopologyView } from './topology-model';

function formatArguments(args: Record<string, unknown>): string {
  return Object.entries(args)
    .map(([key, value]) => `${key}=${value === '' ? '""' : String(value)}`)
    .join(' ');
}

function formatDelay(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function retries(view: TopologyView): { work: string; spec: QueueSpec; attempts: number[] }[] {
  return view.queues.flatMap((queue) =>
    queue.specs
      .filter((spec) => spec.role === 'retry')
      .map((spec) => ({ work: queue.declaration.name, spec, attempts: attemptsRetriedAfter(queue.declaration, spec.delayMs ?? 0) })),
  );
}

/** Exchange, every queue with its arguments, the bindings, and the retry / dead-letter wiring. */
export function renderTopologyTable(view: TopologyView): string {
  const out: string[] = [];
  out.push(`Exchange: ${view.exchange.name} (${view.exchange.type}, durable)`);
  out.push(`Queue type: ${view.queueType}; delivery limit: ${view.deliveryLimit}`);
  out.push('');
  out.push('Queues');
  out.push(
    renderTable(
      ['QUEUE', 'ROLE', 'CONSUMER', 'ARGUMENTS'],
      view.queues.flatMap((queue) =>
        queue.specs.map((spec) => [
          spec.name,
          spec.role === 'retry' ? `retry (${formatDelay(spec.delayMs ?? 0)})` : spec.role === 'delay' ? 'delay (per-message TTL)' : spec.role,
          spec.role === 'work' ? queue.consumer : '-',
          formatArguments(spec.arguments),
        ]),
      ),
    ),
  );
  out.push('Bindings');
  out.push(
    renderTable(
      ['EXCHANGE', 'BINDING KEY', 'QUEUE', 'CONSUMER'],
      view.queues.flatMap((queue) =>
        queue.specs.flatMap((spec) =>
          spec.bindings.map((binding) => [binding.exchange, binding.routingKey, spec.name, queue.consumer]),
        ),
      ),
    ),
  );
  out.push('Retry and dead-letter wiring');
  const wiring: string[][] = [];
  for (const queue of view.queues) {
    const name = queue.declaration.name;
    for (const { spec, attempts } of retries(view).filter((r) => r.work === name)) {
      wiring.push([name, spec.name, `retryable failure of attempt ${attempts.join(', ')}`]);
      wiring.push([spec.name, name, `after ${formatDelay(spec.delayMs ?? 0)} (per-message TTL, dead-lettered back)`]);
    }
    for (const spec of queue.specs.filter((s) => s.role === 'delay')) {
      wiring.push([spec.name, name, 'when due (per-message TTL set by the publisher, dead-lettered on)']);
    }
    wiring.push([name, queue.deadLetterQueue, `invalid / non-retryable / exhausted after ${queue.maxAttempts} attempt(s)`]);
  }
  out.push(renderTable(['FROM', 'TO', 'WHEN'], wiring));
  return out.join('\n');
}

/** A mermaid node id: letters, digits and underscores only. */
function nodeId(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function label(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

/** `graph LR`: exchange → queues (binding keys), queues → consumers, retry loops, DLQ edges. */
export function renderTopologyMermaid(view: TopologyView): string {
  const lines: string[] = ['graph LR'];
  const exchange = nodeId('ex', view.exchange.name);
  lines.push(`  ${exchange}{{${label(`${view.exchange.name} (${view.exchange.type})`)}}}`);
  const services = new Set<string>();
  for (const queue of view.queues) {
    for (const spec of queue.specs) {
      const id = nodeId('q', spec.name);
      if (spec.role === 'dead-letter') lines.push(`  ${id}[(${label(spec.name)})]`);
      else if (spec.role === 'retry') lines.push(`  ${id}[/${label(`${spec.name}<br/>TTL ${formatDelay(spec.delayMs ?? 0)}`)}/]`);
      else if (spec.role === 'delay') lines.push(`  ${id}[/${label(`${spec.name}<br/>per-message TTL`)}/]`);
      else lines.push(`  ${id}[${label(spec.name)}]`);
    }
    services.add(queue.consumer);
  }
  for (const service of services) lines.push(`  ${nodeId('svc', service)}([${label(service)}])`);
  for (const queue of view.queues) {
    const work = nodeId('q', queue.declaration.name);
    for (const spec of queue.specs) {
      for (const binding of spec.bindings) {
        lines.push(`  ${nodeId('ex', binding.exchange)} -->|${label(binding.routingKey)}| ${nodeId('q', spec.name)}`);
      }
    }
    lines.push(`  ${work} --> ${nodeId('svc', queue.consumer)}`);
    for (const spec of queue.specs.filter((s) => s.role === 'retry')) {
      const attempts = attemptsRetriedAfter(queue.declaration, spec.delayMs ?? 0);
      lines.push(`  ${work} -->|${label(`retryable failure, attempt ${attempts.join(',')}`)}| ${nodeId('q', spec.name)}`);
      lines.push(`  ${nodeId('q', spec.name)} -.->|${label(`after delay ${formatDelay(spec.delayMs ?? 0)}`)}| ${work}`);
    }
    for (const spec of queue.specs.filter((s) => s.role === 'delay')) {
      lines.push(`  ${nodeId('q', spec.name)} -.->|${label('when due')}| ${work}`);
    }
    lines.push(`  ${work} -.->|${label('invalid / exhausted')}| ${nodeId('q', queue.deadLetterQueue)}`);
  }
  return lines.join('\n') + '\n';
}

/** JSON-ready view. */
export function renderTopologyJson(view: TopologyView): string {
  return JSON.stringify(view, null, 2) + '\n';
}
