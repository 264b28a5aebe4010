import { Type } from '@sinclair/typebox';
import { CommonServiceConfig, ConfigError, loadConfig } from './service-config';

describe('loadConfig', () => {
  const Schema = Type.Composite([CommonServiceConfig, Type.Object({ PORT: Type.Integer({ default: 3001, minimum: 1 }) })]);

  it('fills defaults and converts numbers from strings', () => {
    const config = loadConfig(Schema, { PORT: '4000' });
    expect(config).toMatchObject({ PORT: 4000, PREFETCH: 50, ACK_LINGER_MS: 100, EVENT_LOOP_MONITORING_MS: 100, MESSAGE_RETENTION_HOURS: 168, AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672', DATA_DIR: 'data' });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('lists every problem at once', () => {
    expect(() => loadConfig(Schema, { PORT: 'abc', AMQP_URL: 'http://x' })).toThrow(ConfigError);
    try {
      loadConfig(Schema, { PORT: '0', AMQP_URL: 'http://x' });
    } catch (error) {
      expect((error as ConfigError).problems.join('\n')).toMatch(/PORT[\s\S]*AMQP_URL|AMQP_URL[\s\S]*PORT/);
    }
  });
});
