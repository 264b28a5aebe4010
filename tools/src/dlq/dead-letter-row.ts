import { parseBody, plainHeaderValue, reasonOf, type DeadLetterRow } from '@ecom/rabbit/dlq';
import type { Message } from 'amqplib';
import { renderTable, truncate } from '../shared/table';

export const LIST_COLUMNS = ['#', 'MESSAGE ID', 'ORDER ID', 'CORRELATION ID', 'ROUTING KEY', 'ATTEMPTS', 'REASON', 'LAST FAILURE'];

export function renderDeadLetterTable(rows: readonly DeadLetterRow[], reasonWidth = 60): string {
  return renderTable(
    LIST_COLUMNS,
    rows.map((row) => [
      String(row.position),
      row.messageId ?? '-',
      row.orderId ?? '-',
      row.correlationId ?? '-',
      row.routingKey ?? '-',
      row.attempts === undefined ? '-' : String(row.attempts),
      truncate(reasonOf(row) || '-', reasonWidth),
      row.lastFailureAt ?? '-',
    ]),
  );
}

/** Everything about one message, JSON-ready: `show --json`. */
export interface DeadLetterDetail {
  queue: string;
  position: number;
  fields: { exchange: string; routingKey: string; redelivered: boolean };
  properties: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
  bodyIsJson: boolean;
}

export function toDeadLetterDetail(queue: string, message: Message, position: number): DeadLetterDetail {
  const { headers, ...properties } = message.properties;
  const parsed = parseBody(message.content);
  const definedProperties = Object.fromEntries(
    Object.entries(properties).filter(([, value]) => value !== undefined && value !== null),
  );
  return {
    queue,
    position,
    fields: {
      exchange: message.fields.exchange,
      routingKey: message.fields.routingKey,
      redelivered: message.fields.redelivered,
    },
    properties: definedProperties,
    headers: plainHeaderValue(headers ?? {}) as Record<string, unknown>,
    body: parsed === undefined ? message.content.toString('utf8') : parsed,
    bodyIsJson: parsed !== undefined,
  };
}

/** `show` as text: properties, every header (multi-line ones indented), the pretty body. */
export function renderDeadLetterDetail(detail: DeadLetterDetail): string {
  const out: string[] = [];
  out.push(`Message ${String(detail.properties['messageId'] ?? '(no message id)')} in ${detail.queue} (position ${detail.position})`);
  out.push('');
  out.push('Delivery:');
  out.push(`  exchange: ${detail.fields.exchange === '' ? '(default)' : detail.fields.exchange}`);
  out.push(`  routing key: ${detail.fields.routingKey}`);
  out.push(`  redelivered: ${detail.fields.redelivered}`);
  out.push('');
  out.push('Properties:');
  for (const [key, value] of Object.entries(detail.properties)) {
    const shown = key === 'timestamp' && typeof value === 'number' ? `${value} (${timestampIso(value)})` : String(value);
    out.push(`  ${key}: ${shown}`);
  }
  out.push('');
  out.push('Headers:');
  const names = Object.keys(detail.headers).sort();
  if (names.length === 0) out.push('  (none)');
  for (const name of names) {
    const value = detail.headers[name];
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const [first, ...rest] = text.split('\n');
    out.push(`  ${name}: ${first}`);
    for (const line of rest) out.push(`      ${line}`);
  }
  out.push('');
  out.push(detail.bodyIsJson ? 'Body (JSON):' : 'Body (not JSON):');
  out.push(detail.bodyIsJson ? JSON.stringify(detail.body, null, 2) : String(detail.body));
  return out.join('\n') + '\n';
}

/** AMQP timestamps are seconds; some producers put milliseconds in. */
function timestampIso(value: number): string {
  const ms = value > 1e11 ? value : value * 1000;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '?' : date.toISOString();
}
