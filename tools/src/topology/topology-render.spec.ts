import { Queue, Topology } from '@ecom/contracts';
import { buildTopologyView } from './topology-model';
import { renderTopologyJson, renderTopologyMermaid, renderTopologyTable } from './topology-render';

const view = buildTopologyView();
const seedQueues = Object.values(Queue);
const dlqs = Topology.queues.map((q) => q.deadLetterQueue);

describe('renderTopologyTable', () => {
  const table = renderTopologyTable(view);

  it('names the exchange, every seed queue and every dead-letter queue', () => {
    expect(table).toContain('Exchange: ecommerce.events (topic, durable)');
    for (const name of [...seedQueues, ...dlqs]) expect(table).toContain(name);
  });

  it('has a row per binding and the retry / dead-letter wiring', () => {
    expect(table).toMatch(/ecommerce\.events\s+payment\.processed\.\*\s+order\.service\.order\.events\s+order-service/);
    expect(table).toMatch(/shipping\.service\.queue\s+shipping\.service\.retry\.queue\s+retryable failure of attempt 1, 2, 3/);
    expect(table).toMatch(/shipping\.service\.retry\.queue\s+shipping\.service\.queue\s+after 30 s/);
    expect(table).toMatch(/shipping\.service\.queue\s+shipping\.service\.final\.dlq\s+invalid \/ non-retryable \/ exhausted after 4 attempt\(s\)/);
    expect(table).toMatch(/payment\.service\.order\.created\s+work\s+payment-service\s+x-queue-type=quorum x-dead-letter-exchange="" x-dead-letter-routing-key=payment\.service\.order\.created\.dlq/);
  });
});

describe('renderTopologyMermaid', () => {
  const mermaid = renderTopologyMermaid(view);
  const lines = mermaid.trimEnd().split('\n');

  it('is a left-to-right graph naming the exchange and every seed queue', () => {
    expect(lines[0]).toBe('graph LR');
    expect(mermaid).toContain('ex_ecommerce_events{{"ecommerce.events (topic)"}}');
    for (const name of [...seedQueues, ...dlqs]) expect(mermaid).toContain(`"${name}`);
  });

  it('labels bindings, loops retries back after the delay and marks dead-lettering', () => {
    expect(lines).toContain('  ex_ecommerce_events -->|"order.created"| q_payment_service_order_created');
    expect(lines).toContain('  ex_ecommerce_events -->|"payment.processed.*"| q_notification_service_order_created');
    expect(lines).toContain('  q_payment_service_order_created --> svc_payment_service');
    expect(lines).toContain('  q_shipping_service_queue -->|"retryable failure, attempt 1,2,3"| q_shipping_service_retry_queue');
    expect(lines).toContain('  q_shipping_service_retry_queue -.->|"after delay 30 s"| q_shipping_service_queue');
    expect(lines).toContain('  q_shipping_service_queue -.->|"invalid / exhausted"| q_shipping_service_final_dlq');
    expect(lines.filter((line) => line.includes('"invalid / exhausted"'))).toHaveLength(Topology.queues.length);
  });

  it('declares each consumer service once and uses only safe node ids', () => {
    expect(lines.filter((line) => line.startsWith('  svc_notification_service('))).toHaveLength(1);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}[A-Za-z0-9_]+[ [({/]/);
  });
});

describe('renderTopologyJson', () => {
  it('round-trips the view', () => {
    expect(JSON.parse(renderTopologyJson(view))).toEqual(JSON.parse(JSON.stringify(view)));
  });
});
