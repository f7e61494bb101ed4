# cpsim in a container, for load runs on Kubernetes (README, "Running on Kubernetes"):
#   docker build -t cpsim:0.1.0 .
#   docker run --rm cpsim:0.1.0 load --count 1000 --url ws://csms.example.com:9000/ocpp --duration 5m

# Build stage: every dependency, so that tsc compiles src/ to dist/; then the dev tools go.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/
COPY src/ src/
# --ignore-scripts: no package's install script runs; the build is run by name instead.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# Final stage: Node, the production dependencies, the compiled dist/ and the launcher; no
# TypeScript sources, no compiler, no test tools.
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules/ node_modules/
COPY --from=build /app/dist/ dist/
COPY bin/ bin/
COPY scenarios/ scenarios/
# bin/cpsim runs dist/ when it is newer than every file under src/: with src/ empty, always.
RUN mkdir src
# The image's unprivileged user (uid 1000), the one the Kubernetes Job runs as.
USER node
ENTRYPOINT ["node", "/app/bin/cpsim"]
CMD ["--help"]
