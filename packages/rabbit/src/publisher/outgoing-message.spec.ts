import { buildEventMessage } from './outgoing-message';

const origin = { exchange: 'ecommerce.events', service: 'spec' };
const newId = () => buildEventMessage(origin, 'thing.happened', { n: 1 }).properties.messageId;

describe('buildEventMessage', () => {
  it('gives each event a time-ordered UUID (version 7), so ids made later sort later', () => {
    const ids = Array.from({ length: 1_000 }, newId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps an event id the caller gives', () => {
    const id = '0b6f3c9e-2f4a-4e44-9f55-3b2f0a6f1c11';
    expect(buildEventMessage(origin, 'thing.happened', { n: 1 }, { eventId: id }).properties.messageId).toBe(id);
  });
});
