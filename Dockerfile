# Waymark's container image: one image for both roles (docs/organisation.md).
#   docker build -t waymark .
#   docker run -e DATABASE_URL=postgres://… -p 8080:8080 waymark           # a server (the default)
#   docker run -e DATABASE_URL=postgres://… waymark worker --concurrency 2  # a scan worker
# Both run the database migrations on start; `waymark db migrate` runs them alone.

# The build: compilers for better-sqlite3 where no prebuilt binary fits, then the full build
# (TypeScript, the compiled models, the CLI bundle, the web UI), then the dev tools dropped.
FROM node:20-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# What runs: git for the workers' shallow fetches, tini so that signals reach node and the
# processes git leaves are reaped. The working folder holds the scan cache (and, without
# DATABASE_URL, the SQLite file): mount a volume there to keep them.
FROM node:20-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates tini \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /var/lib/waymark \
  && chown node:node /var/lib/waymark
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/bin ./bin
COPY --from=build /src/dist ./dist
COPY --from=build /src/models ./models
COPY --from=build /src/examples ./examples
ENV NODE_ENV=production \
    WAYMARK_HOST=0.0.0.0 \
    WAYMARK_PORT=8080 \
    WAYMARK_METRICS_HOST=0.0.0.0
WORKDIR /var/lib/waymark
USER node
EXPOSE 8080
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/bin/waymark.js"]
CMD ["serve"]
