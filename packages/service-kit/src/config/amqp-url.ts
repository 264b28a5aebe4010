import { readFileSync } from 'node:fs';
import type { AmqpTlsOptions } from '@ecom/rabbit';
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

/** The TLS material named by AMQP_TLS_*_FILE, read at start (a missing file stops the service). */
export function amqpTlsOf(config: { AMQP_TLS_CA_FILE?: string; AMQP_TLS_CERT_FILE?: string; AMQP_TLS_KEY_FILE?: string }): AmqpTlsOptions | undefined {
  const files = { ca: config.AMQP_TLS_CA_FILE, cert: config.AMQP_TLS_CERT_FILE, key: config.AMQP_TLS_KEY_FILE };
  const problems: string[] = [];
  const tls: AmqpTlsOptions = {};
  for (const [name, file] of Object.entries(files) as [keyof typeof files, string | undefined][]) {
    if (!file) continue;
    try {
      tls[name] = readFileSync(file);
    } catch (error) {
      problems.push(`AMQP_TLS_${name.toUpperCase()}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.keys(tls).length > 0 ? tls : undefined;
}
