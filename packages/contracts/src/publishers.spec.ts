import { Publishes } from './publishers';
import { RoutingKey } from './routing-key';

describe('Publishes', () => {
  it('gives every routing key exactly one publishing service', () => {
    const owners = Object.entries(Publishes).flatMap(([service, keys]) => keys.map((key) => [key, service] as const));
    expect(owners.map(([key]) => key).sort()).toEqual(Object.values(RoutingKey).sort());
  });
});
