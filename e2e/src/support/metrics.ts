import type { RunningSystem, Service } from './system';

/** Sums every sample of a Prometheus metric a service exposes (across its labels). */
export async function metricTotal(system: RunningSystem, service: Service, name: string, labelFilter = ''): Promise<number> {
  const text = (await system.http(service).get('/metrics').expect(200)).text;
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => line.includes(labelFilter))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
