import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validate } from 'dockerfile-utils';
import { Deployment } from 'kubernetes-models/apps/v1';
import { parseAllDocuments } from 'yaml';
import { k8sManifests, k8sYaml, SERVICES } from './k8s-manifests';

const ROOT = resolve(__dirname, '../../..');

describe('Kubernetes manifests', () => {
  it('are committed as generated (run `npm run k8s` after changing the generator)', () => {
    expect(readFileSync(resolve(ROOT, 'deploy/k8s/ecom.yaml'), 'utf8')).toBe(k8sYaml());
  });

  it('validate against the Kubernetes schemas, and a broken object does not', () => {
    expect(() => k8sManifests()).not.toThrow();
    const broken = new Deployment({ metadata: { name: 'x' }, spec: { selector: {}, template: { spec: { containers: [{ name: 1 as unknown as string }] } } } });
    expect(() => broken.validate()).toThrow(/name must be string/);
    const docs = parseAllDocuments(readFileSync(resolve(ROOT, 'deploy/k8s/ecom.yaml'), 'utf8')).map((d) => d.toJS());
    expect(docs.filter((d) => d.kind === 'Deployment')).toHaveLength(SERVICES.length);
  });

  it('probe readiness on /health/ready and give the drain its time', () => {
    const deployments = k8sManifests().filter((m) => m.kind === 'Deployment').map((m) => m.object as DeploymentShape);
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      const [container] = pod.containers;
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      // The services drain for up to 10 s after SIGTERM (shutdownTimeoutMs) plus the preStop pause.
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(15);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
    }
  });
});

interface DeploymentShape {
  spec: {
    template: {
      spec: {
        terminationGracePeriodSeconds: number;
        securityContext: { runAsNonRoot: boolean };
        containers: { readinessProbe: { httpGet: { path: string } }; livenessProbe: { httpGet: { path: string } } }[];
      };
    };
  };
}

describe('Dockerfile', () => {
  const dockerfile = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8');

  it('lints clean (dockerfile-utils)', () => {
    const problems = validate(dockerfile);
    expect(problems.map((p) => `${p.range.start.line + 1}: ${p.message}`)).toEqual([]);
  });

  it('is multi-stage, runs as a non-root user and checks readiness', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/health\/ready/m);
  });

  it('finds problems where there are some (the linter is not a no-op)', () => {
    expect(validate('FROM node:20\nEXPOSE abc\nHEALTHCHECK NONE extra\n').length).toBeGreaterThan(0);
  });
});

const compose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
const describeCompose = compose.status === 0 ? describe : describe.skip;
if (compose.status !== 0) console.warn('docker-compose checks skipped: `docker-compose` is not installed (tools/scripts/install-test-deps.sh installs it)');

describeCompose('docker-compose.yml (checked with docker-compose config; no Docker engine runs here)', () => {
  const config = (...profile: string[]) => execFileSync('docker-compose', [...profile, 'config'], { cwd: ROOT, encoding: 'utf8' });

  it('is valid for the broker alone, with PostgreSQL, and for the whole system', () => {
    expect(() => config()).not.toThrow();
    expect(() => config('--profile', 'postgres')).not.toThrow();
    const system = parseAllDocuments(config('--profile', 'system'))[0].toJS() as { services: Record<string, { environment?: Record<string, string> }> };
    for (const service of SERVICES) expect(system.services[service.name]).toBeDefined();
    for (const node of ['rabbit-1', 'rabbit-2', 'rabbit-3', 'postgres-system']) expect(system.services[node]).toBeDefined();
    // Every service knows all three broker nodes, so it fails over when one goes.
    expect(system.services['order-service'].environment?.['AMQP_URL'].split(',')).toHaveLength(3);
  });
});
