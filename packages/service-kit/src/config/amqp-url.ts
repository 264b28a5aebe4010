import { ConfigError } from './service-config';

const AMQP_URL = /^amqps?:\/\/[^,\s]+(,\s*amqps?:\/\/[^,\s]+)*$/;

/**
 * The broker URL a service connects with: `AMQP_URL_<SERVICE>` (e.g. AMQP_URL_ORDER_SERVICE) when
 * set, so that one shell (`npm start`) can give each service its own least-privilege user (see
 * `npm run broker:setup`), else AMQP_URL. A deployment usually just sets AMQP_URL per service.
 */
export function amqpUrlOf(service: string, fallback: string, env: NodeJS.ProcessEnv = process.env): string {
  const variable = `AMQP_URL_${service.toUpperCase().replace(/-/g, '_')}`;
  const own = env[variable];
  if (own === undefined || own === '') return fallback;
  if (!AMQP_URL.test(own)) throw new ConfigError([`${variable}: must be an amqp:// or amqps:// URL (or several, comma-separated)`]);
  return own;
}
