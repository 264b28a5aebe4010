// Every suite that runs against the started system, one Jest project each, run one after another
// (`npx nx run e2e:e2e`; one of them: `npx nx run e2e:e2e --selectProjects fault`):
//   e2e      the flow, the HTTP API, exactly-once, operations, PostgreSQL, OpenAPI
//   fault    1,000-order mixed load under closed connections and a killed service, then the audit
//   outage   a PostgreSQL of its own restarted and stopped under two instances of every service
//   cluster  three extra RabbitMQ nodes, the busiest leader stopped mid-flow
//   scale    two instances of every service on one PostgreSQL, instances killed, then the audit
//   browser  the flow console in Chromium
//   security tokens, customer scoping, injection probes, limits, broker least privilege, TLS
const preset = require('../jest.preset.js');

const suite = (displayName, pattern) => ({ ...preset, displayName, rootDir: __dirname, testMatch: [`<rootDir>/src/**/*.${pattern}.ts`] });

/** @type {import('jest').Config} */
module.exports = {
  // Each wait inside the suites has its own deadline; this only stops a run that hangs.
  testTimeout: 900000,
  projects: [
    suite('e2e', 'e2e-spec'),
    suite('fault', 'fault-spec'),
    suite('outage', 'outage-spec'),
    suite('cluster', 'cluster-spec'),
    suite('scale', 'scale-spec'),
    suite('browser', 'browser-spec'),
    suite('security', 'security-spec'),
  ],
};
