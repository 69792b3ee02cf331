// docker-compose.yml, checked without Docker: it must be a valid Compose file
// (the official compose-spec JSON schema, as shipped in the dclint package),
// and it must be the production shape: PostgreSQL with logical replication,
// the real Electric sync service, and the app wired to both.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { schema as envSchema } from "../../app/env.server";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "../..");

type Service = {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: unknown[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

const compose = parse(fs.readFileSync(path.join(root, "docker-compose.yml"), "utf8")) as Compose;

/** The compose-spec schema (schema/compose-spec.json of compose-spec/compose-spec), as dclint ships it. */
function loadSpecSchema(): { $schema: string } & Record<string, unknown> {
  const dir = path.dirname(require.resolve("dclint/package.json"));
  return JSON.parse(fs.readFileSync(path.join(dir, "schemas", "compose.schema.json"), "utf8"));
}

function compileValidator(): ValidateFunction {
  const specSchema = loadSpecSchema();
  // The spec is a draft-07 schema, but names its meta-schema by https URL; Ajv
  // knows draft-07 under its http id, so register the same meta-schema under
  // that name too (the spec schema is then checked against it when compiled).
  expect(specSchema.$schema).toMatch(/json-schema\.org\/draft-07\/schema/);
  const draft7 = require("ajv/dist/refs/json-schema-draft-07.json") as Record<string, unknown>;
  // The spec uses union types (["string", "number"]) and leaves out some
  // `type: object`; Ajv's strict mode would otherwise reject or warn.
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false });
  ajv.addMetaSchema({ ...draft7, $id: specSchema.$schema });
  return ajv.compile(specSchema);
}

const validate = compileValidator();

function errorsOf(document: unknown): ErrorObject[] {
  return validate(document) ? [] : (validate.errors ?? []);
}

function describeErrors(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`).join("\n");
}

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** A service's environment as written (map or KEY=VALUE list); null: passed through from the host. */
function environmentOf(name: string): Record<string, string | null> {
  const env = service(name).environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf("=");
        return at === -1 ? [entry, null] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? null : String(value)]));
}

/**
 * Compose's variable interpolation, enough for this file: $$, ${NAME}, ${NAME:-default},
 * ${NAME-default}, ${NAME:?message} and ${NAME?message}.
 */
function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])((?:[^}])*))?\}/g,
    (match, name: string | undefined, colon: string | undefined, op: string | undefined, arg: string | undefined) => {
      if (match === "$$") return "$";
      const current = vars[name!];
      const missing = colon ? !current : current === undefined;
      if (!missing) return current!;
      if (op === "?") throw new Error(`required variable ${name} is missing: ${arg}`);
      if (op === "-") return arg ?? "";
      return "";
    },
  );
}

/** The environment a service's container would get, for the given host variables. */
function resolvedEnvironment(name: string, host: Record<string, string | undefined>): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(environmentOf(name))) {
    if (value === null) {
      if (host[key] !== undefined) resolved[key] = host[key]!;
    } else {
      resolved[key] = interpolate(value, host);
    }
  }
  return resolved;
}

const hostVariables = {
  POSTGRES_PASSWORD: "pg-secret",
  HOTEL_OWNER_PASSWORD: "owner-secret",
  HOTEL_APP_PASSWORD: "app-secret",
  ELECTRIC_SECRET: "electric-secret",
  HOTEL_MASTER_KEY: Buffer.alloc(32, 7).toString("base64"),
  HOTEL_PUBLIC_URL: "https://hotel.example",
};

function commandText(name: string): string {
  const command = service(name).command;
  return Array.isArray(command) ? command.join(" ") : (command ?? "");
}

describe("docker-compose.yml", () => {
  it("is valid against the Compose specification schema", () => {
    const errors = errorsOf(compose);
    expect(errors, describeErrors(errors)).toEqual([]);
  });

  it("the validator really rejects invalid Compose files", () => {
    const badPorts = structuredClone(compose) as unknown as { services: { app: { ports: unknown } } };
    badPorts.services.app.ports = "oops";
    expect(errorsOf(badPorts).length).toBeGreaterThan(0);

    const unknownTopLevel = { ...structuredClone(compose), bogus: true };
    expect(errorsOf(unknownTopLevel).map((e) => e.keyword)).toContain("additionalProperties");

    const badCondition = structuredClone(compose) as unknown as {
      services: { app: { depends_on: Record<string, { condition: string }> } };
    };
    badCondition.services.app.depends_on.electric.condition = "service_happy";
    expect(errorsOf(badCondition).length).toBeGreaterThan(0);
  });

  it("has the postgres, electric and app services, each long-running one with a healthcheck", () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(["postgres", "electric", "app", "migrate"]));
    for (const [name, definition] of Object.entries(compose.services)) {
      // A one-shot job is waited for by its exit code (service_completed_successfully), not by health.
      if (definition.restart === "no") continue;
      const check = definition.healthcheck;
      expect(check, `${name} has no healthcheck`).toBeDefined();
      expect(check!.disable, `${name} disables its healthcheck`).not.toBe(true);
      expect(check!.test, `${name}'s healthcheck has no test`).toBeTruthy();
    }
  });

  it("runs PostgreSQL 16+ with logical replication and the predicate-lock settings", () => {
    expect(service("postgres").image).toMatch(/^postgres:(1[6-9]|[2-9]\d)(\b|$)/);
    const command = commandText("postgres");
    expect(command).toContain("wal_level=logical");
    expect(command).toContain("max_pred_locks_per_transaction=1024");
    expect(command).toContain("max_pred_locks_per_page=32");
    const senders = Number(/max_wal_senders=(\d+)/.exec(command)?.[1] ?? 10);
    const slots = Number(/max_replication_slots=(\d+)/.exec(command)?.[1] ?? 10);
    expect(senders).toBeGreaterThanOrEqual(10);
    expect(slots).toBeGreaterThanOrEqual(10);
    expect(environmentOf("postgres").POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
    expect(JSON.stringify(service("postgres").healthcheck!.test)).toContain("pg_isready");
  });

  it("runs the real Electric, pinned to an exact 1.x release, unpublished, with persistent storage", () => {
    const electric = service("electric");
    expect(electric.image).toMatch(/^electricsql\/electric:1\.\d+\.\d+$/);
    // Browsers talk to the app, never to Electric.
    expect(electric.ports ?? []).toEqual([]);
    expect(JSON.stringify(electric.healthcheck!.test)).toContain("/v1/health");
    expect(electric.depends_on).toMatchObject({ postgres: { condition: "service_healthy" } });

    const env = environmentOf("electric");
    expect(env.ELECTRIC_SECRET).toMatch(/^\$\{ELECTRIC_SECRET:\?[^}]+\}$/);
    expect(env.ELECTRIC_INSECURE ?? "false").toBe("false");
    const storage = env.ELECTRIC_STORAGE_DIR;
    expect(storage).toBeTruthy();
    const mounts = (electric.volumes ?? []).map((volume) => {
      if (typeof volume !== "string") return { source: volume.source ?? "", target: volume.target ?? "" };
      const [source, target] = volume.split(":");
      return { source, target: target ?? source };
    });
    const mount = mounts.find((m) => storage === m.target || storage!.startsWith(`${m.target}/`));
    expect(mount, `ELECTRIC_STORAGE_DIR ${storage} is not on a volume`).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(mount!.source);
  });

  it("starts the app after postgres and electric are healthy", () => {
    const app = service("app");
    expect(app.build).toBeDefined();
    expect(app.depends_on).toMatchObject({
      postgres: { condition: "service_healthy" },
      electric: { condition: "service_healthy" },
    });
    expect(JSON.stringify(app.healthcheck!.test)).toContain("/healthz");
    expect(app.ports).toContain("3000:3000");
    expect(Object.keys(compose.volumes ?? {})).toEqual(expect.arrayContaining(["pgdata", "electric-data"]));
  });

  it("gives the app and the migrations one shared key store on a volume, which the image lets them write", () => {
    for (const name of ["app", "migrate"]) {
      const dir = environmentOf(name).HOTEL_KEY_DIR;
      expect(dir, `${name} has no HOTEL_KEY_DIR`).toBeTruthy();
      const mount = (service(name).volumes ?? [])
        .map((volume) => (typeof volume === "string" ? volume.split(":") : [volume.source, volume.target]))
        .find(([, target]) => target === dir);
      expect(mount, `${name}'s key store ${dir} is not on a volume`).toBeDefined();
      expect(Object.keys(compose.volumes ?? {})).toContain(mount![0]);
    }
    const dockerfile = fs.readFileSync(path.join(root, "Dockerfile"), "utf8");
    expect(dockerfile).toContain(`chown node:node ${environmentOf("app").HOTEL_KEY_DIR}`);
  });

  it("gives the app only variables its environment schema knows, and values it accepts", () => {
    const known = Object.keys(envSchema.shape);
    const given = Object.keys(environmentOf("app"));
    expect(given.filter((key) => !known.includes(key))).toEqual([]);
    expect(given).toEqual(
      expect.arrayContaining([
        "NODE_ENV",
        "DATABASE_URL",
        "ELECTRIC_URL",
        "ELECTRIC_SECRET",
        "HOTEL_MASTER_KEY",
        "HOTEL_PUBLIC_URL",
      ]),
    );

    const env = environmentOf("app");
    expect(env.NODE_ENV).toBe("production");
    expect(env.HOTEL_MASTER_KEY).toMatch(/^\$\{HOTEL_MASTER_KEY:\?[^}]+\}$/);

    // What the container would really get parses.
    const parsed = envSchema.safeParse(resolvedEnvironment("app", hostVariables));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    // The required secrets really are required.
    const appRequires = ["HOTEL_APP_PASSWORD", "ELECTRIC_SECRET", "HOTEL_MASTER_KEY", "HOTEL_PUBLIC_URL"];
    for (const required of appRequires) {
      const { [required]: _dropped, ...rest } = hostVariables as Record<string, string>;
      expect(() => resolvedEnvironment("app", rest), required).toThrow(new RegExp(required));
    }
  });

  it("points the app at Electric by service name and port, with Electric's own secret", () => {
    const app = environmentOf("app");
    const electric = environmentOf("electric");
    const url = new URL(app.ELECTRIC_URL!);
    expect(url.hostname).toBe("electric");
    expect(Number(url.port || (url.protocol === "https:" ? 443 : 80))).toBe(Number(electric.ELECTRIC_PORT ?? 3000));
    expect(app.ELECTRIC_SECRET).toBe(electric.ELECTRIC_SECRET);
  });

  it("connects the app as hotel_app, and the migrations and Electric as hotel_owner, never the superuser", () => {
    const pg = environmentOf("postgres");
    const connections = [
      { name: "app", variable: "DATABASE_URL", role: "hotel_app", password: hostVariables.HOTEL_APP_PASSWORD },
      { name: "electric", variable: "DATABASE_URL", role: "hotel_owner", password: hostVariables.HOTEL_OWNER_PASSWORD },
      {
        name: "migrate",
        variable: "DATABASE_OWNER_URL",
        role: "hotel_owner",
        password: hostVariables.HOTEL_OWNER_PASSWORD,
      },
    ];
    for (const { name, variable, role, password } of connections) {
      const raw = environmentOf(name)[variable];
      expect(raw, `${name} has no ${variable}`).toBeTruthy();
      const url = new URL(interpolate(raw!, hostVariables));
      expect(url.protocol, name).toMatch(/^postgres(ql)?:$/);
      expect(url.hostname, name).toBe("postgres");
      expect(url.port || "5432", name).toBe("5432");
      expect(url.username, name).toBe(role);
      expect(url.username, name).not.toBe(pg.POSTGRES_USER);
      expect(decodeURIComponent(url.password), name).toBe(password);
      expect(url.pathname, name).toBe(`/${pg.POSTGRES_DB}`);
    }
    // The app never gets the owner's URL, nor the superuser's password.
    expect(Object.keys(environmentOf("app"))).not.toContain("DATABASE_OWNER_URL");
    expect(Object.values(environmentOf("app")).join(" ")).not.toContain("POSTGRES_PASSWORD");
  });

  it("creates the two roles when the volume is new, and migrates before the app starts", () => {
    const mount = (service("postgres").volumes ?? [])
      .map((volume) => (typeof volume === "string" ? volume.split(":") : [volume.source, volume.target]))
      .find(([, target]) => target?.startsWith("/docker-entrypoint-initdb.d/"));
    expect(mount, "no init script mounted").toBeDefined();
    const script = fs.readFileSync(path.join(root, mount![0]!), "utf8");
    expect(script).toMatch(/CREATE ROLE hotel_owner LOGIN[^;]*NOSUPERUSER[^;]*REPLICATION/);
    expect(script).toMatch(/CREATE ROLE hotel_app LOGIN[^;]*NOSUPERUSER[^;]*NOREPLICATION/);
    expect(script).toContain("ALTER DATABASE hotel OWNER TO hotel_owner");
    expect(fs.statSync(path.join(root, mount![0]!)).mode & 0o111).not.toBe(0);
    const postgresEnv = environmentOf("postgres");
    expect(postgresEnv.HOTEL_OWNER_PASSWORD).toMatch(/^\$\{HOTEL_OWNER_PASSWORD:\?[^}]+\}$/);
    expect(postgresEnv.HOTEL_APP_PASSWORD).toMatch(/^\$\{HOTEL_APP_PASSWORD:\?[^}]+\}$/);

    expect(commandText("migrate")).toContain("cli.ts migrate");
    expect(environmentOf("migrate").HOTEL_APP_ROLE).toBe("hotel_app");
    expect(service("app").depends_on).toMatchObject({ migrate: { condition: "service_completed_successfully" } });
  });
});
