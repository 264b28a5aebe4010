import { ConfigError, loadConfig } from '../config/service-config';
import { HeapConfig } from './heap-growth';

describe('HeapConfig', () => {
  it('bounds the growth at 25 % unless told otherwise, 0 leaving V8 its own factor', () => {
    expect(loadConfig(HeapConfig, {}).HEAP_GROWING_PERCENT).toBe(25);
    expect(loadConfig(HeapConfig, { HEAP_GROWING_PERCENT: '0' }).HEAP_GROWING_PERCENT).toBe(0);
  });

  it('refuses what is not a percentage V8 takes', () => {
    expect(() => loadConfig(HeapConfig, { HEAP_GROWING_PERCENT: '-5' })).toThrow(ConfigError);
    expect(() => loadConfig(HeapConfig, { HEAP_GROWING_PERCENT: 'lots' })).toThrow(/HEAP_GROWING_PERCENT/);
  });
});
