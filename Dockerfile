# One image, two roles: the web app (default) and the workers.
#   docker build -t flux .
#   docker run flux                      -> web   (npm run start:web)
#   docker run flux npm run workers      -> workers
#   docker run flux npm run db:migrate   -> apply migrations (run once per release, before web/workers)
# Chromium is included for PDF rendering (puppeteer with the system browser).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN PRISMA_SCHEMA_ENGINE_BINARY=/bin/true node node_modules/prisma/build/index.js generate \
 && node node_modules/next/dist/bin/next build \
 && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-core ca-certificates tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system flux && useradd --system --gid flux --home /app flux
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 CHROMIUM_PATH=/usr/bin/chromium
COPY --from=build --chown=flux:flux /app /app
USER flux
EXPOSE 3000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["npm", "run", "start:web"]
