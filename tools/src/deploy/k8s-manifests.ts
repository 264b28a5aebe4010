import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { stringify } from 'yaml';

/** The five services: name, HTTP port, and whether the outside reaches it (only the order API). */
export const SERVICES = [
  { name: 'order-service', port: 3000, public: true },
  { name: 'payment-service', port: 3001, public: false },
  { name: 'inventory-service', port: 3002, public: false },
  { name: 'shipping-service', port: 3003, public: false },
  { name: 'notification-service', port: 3004, public: false },
] as const;

const NAMESPACE = 'ecom';
/**
 * A service drains on SIGTERM: consumers cancelled, in-flight handlers finished (bounded by 10 s),
 * outbox relay stopped, confirms awaited. The grace period covers that with margin; the preStop
 * pause lets the endpoints controller take the pod out of its Service before the drain begins.
 */
const DRAIN_SECONDS = 10;
const PRE_STOP_SECONDS = 5;
const TERMINATION_GRACE_SECONDS = PRE_STOP_SECONDS + DRAIN_SECONDS + 15;

/** Every object of the deployment, validated against the Kubernetes schemas as it is built. */
export function k8sManifests(imageRegistry = 'ecom', tag = 'latest'): { kind: string; object: object }[] {
  const objects: { toJSON(): object; validate(): void; kind?: string }[] = [
    new Namespace({ metadata: { name: NAMESPACE } }),
    new ConfigMap({
      metadata: { name: 'ecom-config', namespace: NAMESPACE },
      // AUTH_*: placeholders for the deployment's identity provider (the defaults name the local dev issuer).
      data: {
        LOG_LEVEL: 'info',
        PREFETCH: '50',
        ACK_LINGER_MS: '20',
        MESSAGE_RETENTION_HOURS: '168',
        AUTH_MODE: 'jwt',
        AUTH_JWKS_URL: 'https://CHANGE-ME.example/.well-known/jwks.json',
        AUTH_ISSUER: 'https://CHANGE-ME.example/',
        AUTH_AUDIENCE: 'ecom-api',
      },
    }),
    // Placeholders: a deployment supplies the real broker and database URLs (a sealed secret, an operator's).
    new Secret({
      metadata: { name: 'ecom-connections', namespace: NAMESPACE },
      type: 'Opaque',
      stringData: {
        AMQP_URL: 'amqp://ecom:CHANGE-ME@rabbitmq-0.rabbitmq:5672,amqp://ecom:CHANGE-ME@rabbitmq-1.rabbitmq:5672,amqp://ecom:CHANGE-ME@rabbitmq-2.rabbitmq:5672',
        DATABASE_URL: 'postgres://ecom:CHANGE-ME@postgres:5432/ecom',
      },
    }),
    ...SERVICES.flatMap((service) => serviceObjects(service, `${imageRegistry}/${service.name}:${tag}`)),
  ];
  return objects.map((object) => {
    object.validate();
    return { kind: String(object.kind), object: object.toJSON() };
  });
}

function serviceObjects(service: (typeof SERVICES)[number], image: string) {
  const labels = { 'app.kubernetes.io/name': service.name, 'app.kubernetes.io/part-of': 'ecom' };
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds,
    timeoutSeconds: 2,
    failureThreshold,
  });
  return [
    new Deployment({
      metadata: { name: service.name, namespace: NAMESPACE, labels },
      spec: {
        // Competing consumers: instances share the queues; state is in the database.
        replicas: 2,
        selector: { matchLabels: labels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels },
          spec: {
            terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
            securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
            containers: [
              {
                name: service.name,
                image,
                ports: [{ name: 'http', containerPort: service.port }],
                envFrom: [{ configMapRef: { name: 'ecom-config' } }, { secretRef: { name: 'ecom-connections' } }],
                // Liveness only asks whether the process answers: a database outage must not restart pods.
                livenessProbe: probe('/health/live', 10, 3),
                // Readiness asks broker and database: no traffic while either is away.
                readinessProbe: probe('/health/ready', 5, 2),
                startupProbe: probe('/health/live', 2, 60),
                lifecycle: { preStop: { exec: { command: ['sleep', String(PRE_STOP_SECONDS)] } } },
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [
              { name: 'data', emptyDir: {} },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
      },
    }),
    new Service({
      metadata: { name: service.name, namespace: NAMESPACE, labels },
      spec: { type: service.public ? 'LoadBalancer' : 'ClusterIP', selector: labels, ports: [{ name: 'http', port: service.port, targetPort: 'http' }] },
    }),
    new PodDisruptionBudget({
      metadata: { name: service.name, namespace: NAMESPACE, labels },
      spec: { minAvailable: 1, selector: { matchLabels: labels } },
    }),
  ];
}

/** The manifests as one multi-document YAML file, as committed in deploy/k8s/ecom.yaml. */
export function k8sYaml(): string {
  const header = '# Generated by `npm run k8s` from tools/src/deploy/k8s-manifests.ts; validated against the Kubernetes schemas. Do not edit.\n';
  return header + k8sManifests().map(({ object }) => `---\n${stringify(object)}`).join('');
}
