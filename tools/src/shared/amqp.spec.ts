import { DEFAULT_AMQP_URL, redactUrl, resolveAmqpUrl } from './amqp';

describe('resolveAmqpUrl', () => {
  it('prefers --url, then AMQP_URL, then the local default', () => {
    expect(resolveAmqpUrl('amqp://a', { AMQP_URL: 'amqp://b' })).toBe('amqp://a');
    expect(resolveAmqpUrl(undefined, { AMQP_URL: 'amqp://b' })).toBe('amqp://b');
    expect(resolveAmqpUrl(undefined, {})).toBe(DEFAULT_AMQP_URL);
    expect(DEFAULT_AMQP_URL).toBe('amqp://guest:guest@127.0.0.1:5672');
  });
});

describe('redactUrl', () => {
  it('masks the password only', () => {
    expect(redactUrl('amqp://user:s3cr@t@host:5672/vh')).toBe('amqp://user:***@host:5672/vh');
    expect(redactUrl('amqps://user:pw@host')).toBe('amqps://user:***@host');
    expect(redactUrl('amqp://host:5672')).toBe('amqp://host:5672');
  });
});
