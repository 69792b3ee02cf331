# The app image used by docker-compose.yml (PostgreSQL runs in its own service).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
COPY --from=build /app /app
# The key store's volume (docker-compose.yml) takes this folder's owner when first mounted.
RUN mkdir -p /var/lib/hotel/keys && chown node:node /var/lib/hotel/keys && chmod 700 /var/lib/hotel/keys
USER node
EXPOSE 3000
# The launcher bundled by `npm run build` (decision record 021): plain Node, no TypeScript loader.
CMD ["node", "--enable-source-maps", "--max-old-space-size=256", "build/server.js"]
