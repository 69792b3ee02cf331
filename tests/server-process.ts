// The launcher (server.ts) as a child process, for tests that need the whole
// HTTP stack: security headers, CSRF, start/stop. From its source through tsx,
// so that a test sees the launcher's code as it is now, without a rebuild;
// `built` runs build/server.js with plain Node instead, as `npm start` does
// (made by `npm run build`, which the tests need for build/index.js anyway).
import { spawn, type ChildProcess } from "node:child_process";

export type Running = { child: ChildProcess; url: string; output: () => string };

const children: ChildProcess[] = [];

export function start(env: Record<string, string>, options: { built?: boolean } = {}): Promise<Running> {
  const {
    DATABASE_URL: _ignored,
    DATABASE_OWNER_URL: _owner,
    HOTEL_MASTER_KEY: _key,
    HOTEL_KEY_DIR: keyDir,
    ...inherited
  } = process.env;
  // Given this test file's master key, the server is the same hotel: it shares the key store too.
  const sameHotel = env.HOTEL_MASTER_KEY !== undefined && env.HOTEL_MASTER_KEY === process.env.HOTEL_MASTER_KEY;
  const args = options.built ? ["--enable-source-maps", "build/server.js"] : ["--import", "tsx", "server.ts"];
  const child = spawn(process.execPath, args, {
    env: { ...inherited, PORT: "0", NODE_ENV: "development", ...(sameHotel ? { HOTEL_KEY_DIR: keyDir } : {}), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`launcher did not get ready:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready: open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`launcher exited with ${code}:\n${output}`));
    });
  });
}

export function stop(running: Running): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.removeAllListeners("exit");
    running.child.on("exit", (code) => resolve(code));
    running.child.kill("SIGTERM");
  });
}

/** Kills whatever a test file left running. */
export function stopAll(): void {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
}
