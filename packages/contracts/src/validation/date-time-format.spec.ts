import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { isRfc3339DateTime } from './date-time-format';

// ajv-formats' own full `date-time`, the behaviour isRfc3339DateTime stands in for.
const ajv = new Ajv();
addFormats(ajv, { mode: 'full', formats: ['date-time'] });
const ajvFormats = ajv.compile({ type: 'string', format: 'date-time' });

/** Valid and nearly valid timestamps: calendar edges, leap seconds in several offsets, every syntax ajv-formats takes. */
const seeds = [
  '2025-01-01T12:00:00.000Z',
  '2025-01-01T12:00:00Z',
  '2025-01-01t12:00:00z',
  '2025-01-01 12:00:00Z',
  '2025-01-01\t12:00:00Z',
  '2025-01-01T12:00:00.123456789+05:30',
  '2025-01-01T12:00:00+0530',
  '2025-01-01T12:00:00+05',
  '2025-01-01T12:00:00-23:59',
  '2025-01-01T12:00:00+24:00',
  '2025-01-01T12:00:00+05:60',
  '2025-01-01T12:00:00',
  '2025-01-01T12:00:00.Z',
  '2025-01-01T12:00:00+05:',
  '2024-02-29T00:00:00Z',
  '2023-02-29T00:00:00Z',
  '2000-02-29T00:00:00Z',
  '1900-02-29T00:00:00Z',
  '2025-04-31T00:00:00Z',
  '2025-12-31T23:59:59Z',
  '2025-13-01T00:00:00Z',
  '2025-00-10T00:00:00Z',
  '2025-01-00T00:00:00Z',
  '2016-12-31T23:59:60Z',
  '2016-12-31T23:59:60.5Z',
  '2016-12-31T23:59:61Z',
  '2016-12-31T22:59:60Z',
  '2016-12-31T18:29:60-05:30',
  '2017-01-01T00:59:60+01:00',
  '2017-01-01T00:29:60+00:30',
  '2016-12-31T24:59:60+01:00',
  '2016-12-31T23:60:00Z',
  '2016-12-31T24:00:00Z',
  '2025-01-01T12:00:00Z\n',
  ' 2025-01-01T12:00:00Z',
  '2025-01-01TT12:00:00Z',
  '2025-01-01T12:00:00ZZ',
  '25-01-01T12:00:00Z',
  '2025-1-01T12:00:00Z',
  '2025-01-01',
  '',
];

/** Every seed, and every seed with one character removed, doubled or replaced by one that matters to the syntax. */
function corpus(): string[] {
  const replacements = ['0', '1', '2', '3', '5', '6', '9', '-', ':', '.', '+', 'T', 't', 'Z', 'z', ' ', 'x', '\u00a0'];
  const all = new Set<string>(seeds);
  for (const seed of seeds) {
    for (let at = 0; at < seed.length; at++) {
      all.add(seed.slice(0, at) + seed.slice(at + 1));
      all.add(seed.slice(0, at) + seed[at] + seed.slice(at));
      for (const replacement of replacements) all.add(seed.slice(0, at) + replacement + seed.slice(at + 1));
    }
  }
  return [...all];
}

describe('isRfc3339DateTime', () => {
  it("agrees with ajv-formats' full date-time on every string of a corpus built from calendar, leap-second and syntax edges", () => {
    const strings = corpus();
    expect(strings.length).toBeGreaterThan(10_000);
    const disagreements = strings.filter((text) => isRfc3339DateTime(text) !== ajvFormats(text));
    expect(disagreements).toEqual([]);
  });

  it('accepts both outcomes in the corpus, so agreeing is not agreeing on false', () => {
    const outcomes = corpus().map(isRfc3339DateTime);
    expect(outcomes.filter(Boolean).length).toBeGreaterThan(500);
    expect(outcomes.filter((ok) => !ok).length).toBeGreaterThan(5_000);
  });

  it('reads a long fraction as the second it belongs to (ajv-formats rounds it up to a leap second)', () => {
    expect(isRfc3339DateTime('2025-01-01T12:00:59.99999999999999999Z')).toBe(true);
    expect(ajvFormats('2025-01-01T12:00:59.99999999999999999Z')).toBe(false);
  });
});
