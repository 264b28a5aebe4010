#!/usr/bin/env node
// Readable local logs: one line per JSON log record, prefixed by its service and coloured when
// asked to. `npm start` pipes the services through it on a terminal; anything that is not a JSON
// record (Nx's own lines, a stack printed before the logger started) passes through unchanged.
//   node tools/scripts/pretty-logs.mjs [--color] < json-lines
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const SERVICE_COLOURS = [36, 35, 33, 32, 34, 96, 95];
const LEVEL_COLOURS = { fatal: 41, error: 31, warn: 33, info: 32, debug: 90, trace: 90 };
/** Fields every record has or that the prefix already shows. */
const SHOWN = new Set(['level', 'time', 'service', 'host', 'pid', 'msg', 'context', 'hostname']);

const paint = (on, code, text) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

function colourOf(service) {
  let hash = 0;
  for (const char of service) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return SERVICE_COLOURS[hash % SERVICE_COLOURS.length];
}

/** One readable line for a JSON record, or the line itself when it is not one. */
export function formatLine(line, { colour = false, width = 20 } = {}) {
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    return line;
  }
  if (!record || typeof record !== 'object' || typeof record.service !== 'string') return line;
  const time = typeof record.time === 'string' ? record.time.slice(11, 23) : '';
  const level = String(record.level ?? 'info');
  const extras = Object.entries(record)
    .filter(([key]) => !SHOWN.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const context = record.context ? `[${record.context}] ` : '';
  return [
    paint(colour, colourOf(record.service), record.service.padEnd(width)),
    paint(colour, 90, time),
    paint(colour, LEVEL_COLOURS[level] ?? 0, level.toUpperCase().padEnd(5)),
    `${context}${typeof record.msg === 'string' ? record.msg : JSON.stringify(record.msg ?? '')}`,
    extras ? paint(colour, 90, extras) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Formats a stream line by line (each line is written as soon as it is read). */
export function formatStream(input, output, options) {
  const lines = createInterface({ input, crlfDelay: Infinity });
  lines.on('line', (line) => output.write(`${formatLine(line, options)}\n`));
  return new Promise((resolve) => lines.on('close', resolve));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await formatStream(process.stdin, process.stdout, { colour: process.argv.includes('--color') });
}
