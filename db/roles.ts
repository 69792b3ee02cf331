// The two database roles (docs/decisions/017): an owner that owns the schema
// and runs migrations (and, for the embedded shape server, replication), and
// the application's role, which owns nothing and may do only what
// db/privileges.ts grants. On the embedded cluster the bootstrap superuser
// creates both; on another server the operator does (README).
import pg from "pg";

export const OWNER_ROLE = "hotel_owner";
export const APP_ROLE = "hotel_app";

/** Creates (or updates) the owner and app roles with these passwords. Run as a superuser. */
export async function ensureRoles(adminUrl: string, passwords: { owner: string; app: string }): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const roles = [
      // REPLICATION: the embedded shape server streams changes as the owner.
      { name: OWNER_ROLE, password: passwords.owner, attributes: "NOSUPERUSER NOCREATEDB NOCREATEROLE REPLICATION" },
      {
        name: APP_ROLE,
        password: passwords.app,
        attributes: "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
      },
    ];
    for (const role of roles) {
      const { rowCount } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role.name]);
      const verb = rowCount ? "ALTER" : "CREATE";
      try {
        await client.query(
          `${verb} ROLE ${client.escapeIdentifier(role.name)} LOGIN ${role.attributes} PASSWORD ${client.escapeLiteral(role.password)}`,
        );
      } catch (error) {
        // 42710: another process created it between our check and our CREATE.
        if ((error as pg.DatabaseError).code !== "42710") throw error;
      }
    }
  } finally {
    await client.end();
  }
}

/**
 * Makes the owner role own the database and every object of its public
 * schema: databases made before the role split belong to the bootstrap
 * superuser. Run as a superuser, connected to that database.
 */
export async function adoptDatabase(superuserDatabaseUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: superuserDatabaseUrl });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(database)} OWNER TO ${OWNER_ROLE}`);
    await client.query(`
      DO $$
      DECLARE
        owner oid := '${OWNER_ROLE}'::regrole;
        statement text;
      BEGIN
        FOR statement IN
          SELECT format('ALTER TABLE %s OWNER TO ${OWNER_ROLE}', c.oid::regclass)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relowner <> owner
          UNION ALL
          SELECT format('ALTER SEQUENCE %s OWNER TO ${OWNER_ROLE}', c.oid::regclass)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relowner <> owner
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
          UNION ALL
          SELECT format('ALTER ROUTINE %s OWNER TO ${OWNER_ROLE}', p.oid::regprocedure)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND p.proowner <> owner
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
          UNION ALL
          SELECT format('ALTER TYPE %s OWNER TO ${OWNER_ROLE}', t.oid::regtype)
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd') AND t.typowner <> owner
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
          UNION ALL
          SELECT format('ALTER PUBLICATION %I OWNER TO ${OWNER_ROLE}', pubname)
            FROM pg_publication WHERE pubowner <> owner
        LOOP
          EXECUTE statement;
        END LOOP;
      END
      $$`);
  } finally {
    await client.end();
  }
}

/** The same server and database as `url`, as another role. */
export function urlAs(url: string, role: string, password: string): string {
  const next = new URL(url);
  next.username = encodeURIComponent(role);
  next.password = encodeURIComponent(password);
  return next.toString();
}

/** The role a connection URL signs in as. */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * Why the role behind this connection must not run the app, if it must not:
 * a superuser, or one that owns a table (it could alter it, drop its
 * triggers, or grant itself anything).
 */
export async function unsafeAppRole(client: pg.ClientBase): Promise<string | undefined> {
  const { rows } = await client.query<{ superuser: boolean; owns: number; replication: boolean }>(
    `SELECT r.rolsuper AS superuser, r.rolreplication AS replication,
            (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owns
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const role = rows[0];
  if (!role) return undefined;
  if (role.superuser) return "it is a superuser";
  if (role.owns > 0) return `it owns ${role.owns} of the schema's tables (or is a member of their owner)`;
  return undefined;
}
