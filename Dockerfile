# One build recipe for the five services: `docker build --build-arg SERVICE=order-service --build-arg PORT=3000 .`
# (docker-compose.yml's `system` profile builds all five). Multi-stage: the build stage has the
# whole workspace and the compilers better-sqlite3 needs; the runtime stage has only the built
# service, the built libraries and the production node_modules, and runs as the unprivileged `node`.
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS build
ARG SERVICE
WORKDIR /workspace
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# Manifests first, so the dependency layer is cached until they change.
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/package.json
COPY packages/rabbit/package.json packages/rabbit/package.json
COPY packages/service-kit/package.json packages/service-kit/package.json
RUN npm ci --no-audit --no-fund
COPY nx.json tsconfig.base.json jest.preset.js eslint.config.mjs ./
COPY packages packages
COPY apps/${SERVICE} apps/${SERVICE}
ENV NX_DAEMON=false NX_NO_CLOUD=true
RUN npx nx run ${SERVICE}:build \
  && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ARG PORT=3000
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HEALTH_PORT=${PORT} \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /workspace/node_modules node_modules
COPY --from=build --chown=node:node /workspace/packages/contracts/package.json packages/contracts/package.json
COPY --from=build --chown=node:node /workspace/packages/contracts/dist packages/contracts/dist
COPY --from=build --chown=node:node /workspace/packages/rabbit/package.json packages/rabbit/package.json
COPY --from=build --chown=node:node /workspace/packages/rabbit/dist packages/rabbit/dist
COPY --from=build --chown=node:node /workspace/packages/service-kit/package.json packages/service-kit/package.json
COPY --from=build --chown=node:node /workspace/packages/service-kit/dist packages/service-kit/dist
COPY --from=build --chown=node:node /workspace/apps/${SERVICE}/dist apps/${SERVICE}/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE ${PORT}
# Ready means broker and database answer: an orchestrator stops routing to an instance that is not.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HEALTH_PORT + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains the consumers (shutdown hooks); exec form so node gets the signal. 8 MB semi-spaces
# (V8's young generation; its default grows to 16 MB) keep a service under 150 MB; the collector on
# the main thread and one V8 worker instead of four spend less CPU where services share a few cores
# (README, Environment and Benchmark).
STOPSIGNAL SIGTERM
CMD ["sh", "-c", "exec node --max-semi-space-size=8 --single-threaded-gc --v8-pool-size=1 apps/${SERVICE}/dist/main.js"]
