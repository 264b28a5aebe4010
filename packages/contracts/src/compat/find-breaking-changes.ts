import type { BreakingChange } from './breaking-change';

/** A JSON Schema document as read from disk or produced by TypeBox (symbols are ignored). */
export type JsonSchema = { readonly [keyword: string]: unknown };

// Keywords bounding a value from below: raising them rejects values that used to pass.
const LOWER_BOUNDS = ['minLength', 'minItems', 'minProperties'] as const;
// Keywords bounding a value from above: lowering them rejects values that used to pass.
const UPPER_BOUNDS = ['maxLength', 'maxItems', 'maxProperties', 'x-max-decimals'] as const;

/**
 * Every change from `oldSchema` to `newSchema` that breaks the contract: the new schema must
 * accept everything the old one did (so messages already sent stay valid), and must keep every
 * field consumers read. Removed or retyped fields, new required fields, fields turned optional,
 * tighter bounds/pattern/format/enum and additionalProperties turned false are breaking; new
 * optional fields and looser constraints are not.
 */
export function findBreakingChanges(oldSchema: JsonSchema, newSchema: JsonSchema): BreakingChange[] {
  const changes: BreakingChange[] = [];
  compare(oldSchema, newSchema, '', changes);
  return changes;
}

function compare(before: JsonSchema, after: JsonSchema, path: string, out: BreakingChange[]): void {
  const at = path === '' ? '/' : path;
  if (!compareTypes(before, after, at, out)) return;
  compareValues(before, after, at, out);
  compareBounds(before, after, at, out);
  compareObjects(before, after, path, out);
  const beforeItems = asSchema(before['items']);
  const afterItems = asSchema(after['items']);
  if (beforeItems && afterItems) compare(beforeItems, afterItems, `${path}/*`, out);
  compareBranches(before, after, at, out);
}

function compareTypes(before: JsonSchema, after: JsonSchema, at: string, out: BreakingChange[]): boolean {
  const oldTypes = typesOf(before);
  const newTypes = typesOf(after);
  if (newTypes === undefined) return true; // no type restriction any more: wider
  // `integer` values are numbers, so number may replace integer but not the other way round.
  const lost = (oldTypes ?? ['any']).filter((t) => !newTypes.includes(t) && !(t === 'integer' && newTypes.includes('number')));
  if (lost.length === 0) return true;
  out.push({
    path: at,
    kind: 'type-changed',
    message: `type changed from ${(oldTypes ?? ['any']).join('|')} to ${newTypes.join('|')}`,
  });
  return false;
}

function compareValues(before: JsonSchema, after: JsonSchema, at: string, out: BreakingChange[]): void {
  if ('const' in after && (!('const' in before) || !same(before['const'], after['const']))) {
    out.push({ path: at, kind: 'constraint-narrowed', message: `const set to ${JSON.stringify(after['const'])}` });
  }
  if (Array.isArray(after['enum'])) {
    const allowed = after['enum'] as unknown[];
    const previous = Array.isArray(before['enum']) ? (before['enum'] as unknown[]) : undefined;
    const dropped = previous?.filter((value) => !allowed.some((a) => same(a, value)));
    if (previous === undefined) out.push({ path: at, kind: 'constraint-narrowed', message: 'enum added' });
    else if (dropped && dropped.length > 0) {
      out.push({ path: at, kind: 'constraint-narrowed', message: `enum values removed: ${JSON.stringify(dropped)}` });
    }
  }
  for (const keyword of ['pattern', 'format'] as const) {
    const was = before[keyword];
    const now = after[keyword];
    if (now === undefined || same(was, now)) continue;
    const message =
      was === undefined ? `${keyword} added: ${JSON.stringify(now)}` : `${keyword} changed from ${JSON.stringify(was)} to ${JSON.stringify(now)}`;
    out.push({ path: at, kind: 'constraint-narrowed', message });
  }
  const step = num(after['multipleOf']);
  const oldStep = num(before['multipleOf']);
  // Every multiple of the old step must stay a multiple of the new one.
  if (step !== undefined && (oldStep === undefined || !isMultiple(oldStep, step))) {
    out.push({ path: at, kind: 'constraint-narrowed', message: `multipleOf set to ${step}` });
  }
  if (after['uniqueItems'] === true && before['uniqueItems'] !== true) {
    out.push({ path: at, kind: 'constraint-narrowed', message: 'uniqueItems turned on' });
  }
}

function compareBounds(before: JsonSchema, after: JsonSchema, at: string, out: BreakingChange[]): void {
  for (const keyword of LOWER_BOUNDS) {
    const was = num(before[keyword]);
    const now = num(after[keyword]);
    if (now !== undefined && (was === undefined || now > was)) out.push(narrowed(at, keyword, was, now, 'raised'));
  }
  for (const keyword of UPPER_BOUNDS) {
    const was = num(before[keyword]);
    const now = num(after[keyword]);
    if (now !== undefined && (was === undefined || now < was)) out.push(narrowed(at, keyword, was, now, 'lowered'));
  }
  const oldLow = bound(before, 'minimum', 'exclusiveMinimum');
  const newLow = bound(after, 'minimum', 'exclusiveMinimum');
  if (newLow && (!oldLow || newLow.value > oldLow.value || (newLow.value === oldLow.value && newLow.exclusive && !oldLow.exclusive))) {
    out.push(narrowed(at, 'lower bound', describe(oldLow, '>'), describe(newLow, '>'), 'raised'));
  }
  const oldHigh = bound(before, 'maximum', 'exclusiveMaximum');
  const newHigh = bound(after, 'maximum', 'exclusiveMaximum');
  if (newHigh && (!oldHigh || newHigh.value < oldHigh.value || (newHigh.value === oldHigh.value && newHigh.exclusive && !oldHigh.exclusive))) {
    out.push(narrowed(at, 'upper bound', describe(oldHigh, '<'), describe(newHigh, '<'), 'lowered'));
  }
}

function compareObjects(before: JsonSchema, after: JsonSchema, path: string, out: BreakingChange[]): void {
  const oldProps = asRecord(before['properties']);
  const newProps = asRecord(after['properties']);
  const oldRequired = new Set(strings(before['required']));
  const newRequired = new Set(strings(after['required']));
  for (const [name, schema] of Object.entries(oldProps)) {
    const field = `${path}/${name}`;
    const next = asSchema(newProps[name]);
    if (next === undefined) {
      out.push({ path: field, kind: 'field-removed', message: 'field removed' });
      continue;
    }
    if (oldRequired.has(name) && !newRequired.has(name)) {
      out.push({ path: field, kind: 'field-optional', message: 'field became optional; consumers may rely on it being present' });
    }
    const previous = asSchema(schema);
    if (previous) compare(previous, next, field, out);
  }
  for (const name of newRequired) {
    if (oldRequired.has(name)) continue;
    const message = name in oldProps ? 'optional field became required' : 'new required field';
    out.push({ path: `${path}/${name}`, kind: 'field-required', message });
  }
  if (after['additionalProperties'] === false && before['additionalProperties'] !== false) {
    out.push({ path: path === '' ? '/' : path, kind: 'additional-properties-closed', message: 'additionalProperties turned false' });
  }
}

function compareBranches(before: JsonSchema, after: JsonSchema, at: string, out: BreakingChange[]): void {
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const newBranches = schemas(after[keyword]);
    if (newBranches.length === 0) continue;
    const oldBranches = schemas(before[keyword]);
    // Each old alternative must still be accepted by some new alternative; without old
    // alternatives the whole old schema is the one alternative to keep.
    const keep = oldBranches.length > 0 ? oldBranches : [stripBranches(before)];
    const lost = keep.filter((branch) => !newBranches.some((candidate) => findBreakingChanges(branch, candidate).length === 0));
    if (lost.length > 0) {
      out.push({ path: at, kind: 'constraint-narrowed', message: `${keyword}: ${lost.length} previously accepted alternative(s) no longer accepted` });
    }
  }
}

function narrowed(at: string, what: string, was: unknown, now: unknown, verb: string): BreakingChange {
  const from = was === undefined ? 'none' : String(was);
  return { path: at, kind: 'constraint-narrowed', message: `${what} ${verb} from ${from} to ${String(now)}` };
}

function bound(schema: JsonSchema, inclusive: string, exclusive: string): { value: number; exclusive: boolean } | undefined {
  const a = num(schema[inclusive]);
  const b = num(schema[exclusive]);
  if (a === undefined && b === undefined) return undefined;
  if (a === undefined) return { value: b as number, exclusive: true };
  if (b === undefined) return { value: a, exclusive: false };
  return inclusive === 'minimum' ? (b >= a ? { value: b, exclusive: true } : { value: a, exclusive: false }) : b <= a ? { value: b, exclusive: true } : { value: a, exclusive: false };
}

function describe(b: { value: number; exclusive: boolean } | undefined, op: '>' | '<'): string | undefined {
  return b === undefined ? undefined : `${op}${b.exclusive ? '' : '='} ${b.value}`;
}

function typesOf(schema: JsonSchema): string[] | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : undefined;
}

function stripBranches(schema: JsonSchema): JsonSchema {
  const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = schema;
  return rest;
}

function isMultiple(value: number, step: number): boolean {
  const ratio = value / step;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asSchema(value: unknown): JsonSchema | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : undefined;
}

function schemas(value: unknown): JsonSchema[] {
  return Array.isArray(value) ? value.map(asSchema).filter((s): s is JsonSchema => s !== undefined) : [];
}
