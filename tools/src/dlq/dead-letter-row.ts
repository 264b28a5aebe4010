import { headerNumber, headerString, plainHeaderValue, type Headers } from '@ecom/rabbit/dlq';
import { RabbitHeader } from '@ecom/rabbit';
import type { Message } from 'amqplib';
import { renderTable, truncate } from '../shared/table';

/** One dead-lettered message as the `list` command shows it. */
export interface DeadLetterRow {
  /** 1-based position in the queue at the time it was read. */
  position: number;
  messageId?: string;
  orderId?: string;
  correlationId?: string;
  /** The event's routing key (`ecom-original-routing-key`). */
  routingKey?: string;
  originalQueue?: string;
  attempts?: number;
  deathReason?: string;
  errorName?: string;
  errorMessage?: string;
  firstFailureAt?: string;
  lastFailureAt?: string;
  service?: string;
  replayCount?: number;
}

/** The body parsed as JSON, or undefined when it is not JSON. */
export function parseBody(content: Buffer): unknown {
  try {
    return JSON.parse(content.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** `orderId` of an event body: at the top, or inside a `data` / `payload` envelope. */
export function orderIdOf(body: unknown): string | undefined {
  for (const candidate of [body, field(body, 'data'), field(body, 'payload')]) {
    const value = field(candidate, 'orderId');
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}

function field(value: unknown, name: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
}

export function toDeadLetterRow(message: Message, position: number): DeadLetterRow {
  const headers = message.properties.headers as Headers | undefined;
  return {
    position,
    messageId: nonEmpty(message.properties.messageId),
    orderId: orderIdOf(parseBody(message.content)),
    correlationId: nonEmpty(message.properties.correlationId),
    routingKey: headerString(headers, RabbitHeader.OriginalRoutingKey),
    originalQueue: headerString(headers, RabbitHeader.OriginalQueue),
    attempts: headerNumber(headers, RabbitHeader.Attempts),
    deathReason: headerString(headers, RabbitHeader.DeathReason),
    errorName: headerString(headers, RabbitHeader.ErrorName),
    errorMessage: headerString(headers, RabbitHeader.ErrorMessage),
    firstFailureAt: headerString(headers, RabbitHeader.FirstFailureAt),
    lastFailureAt: headerString(headers, RabbitHeader.LastFailureAt),
    service: headerString(headers, RabbitHeader.Service),
    replayCount: headerNumber(headers, RabbitHeader.ReplayCount),
  };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** `<death reason>: <error message>`, whichever of the two is known. */
export function reasonOf(row: Pick<DeadLetterRow, 'deathReason' | 'errorMessage'>): string {
  return [row.deathReason, row.errorMessage].filter(Boolean).join(': ');
}

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
