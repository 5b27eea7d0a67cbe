// Starts the real `sandan` server for one test file and stops it afterwards.
//
//   const server = await startServer();   // in before()
//   server.url('/rounds/2021')             // absolute URL on the running server
//   await server.stop();                   // in after(): kills it, deletes its temp dir
//
// The binary is $SANDAN_BIN (default <repo>/target/debug/sandan). It is started as
//   sandan serve --addr 127.0.0.1:0 --database-url sqlite://<fresh temp dir>/sandan.db?mode=rwc
// with the repository root as its working directory, and must print exactly
//   listening on http://127.0.0.1:PORT
// as the first line on stdout.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_BIN = path.join(REPO_ROOT, 'target', 'debug', 'sandan');

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
const LISTENING = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/;
const KEEP_CHARS = 64 * 1024; // how much of the server's output we keep for error messages

const running = new Set();
function killAll() {
  for (const child of running) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
}
// Last resort if a test file is aborted before its after() hook ran.
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal); // the handler was `once`, so this ends the process as usual
  });
}

function tail(text) {
  return text.length > KEEP_CHARS ? `…${text.slice(-KEEP_CHARS)}` : text;
}

/**
 * @param {{ timeoutMs?: number, bin?: string, extraArgs?: string[], env?: Record<string,string>,
 *           commands?: string[][],
 *           users?: { login: string, name: string, role: string, password: string }[] }} [options]
 * @returns {Promise<{ baseUrl: string, port: number, tmpDir: string, url: (p: string) => string,
 *                     output: () => { stdout: string, stderr: string }, stop: () => Promise<void> }>}
 */
export async function startServer(options = {}) {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const bin = path.resolve(options.bin ?? process.env.SANDAN_BIN ?? DEFAULT_BIN);
  try {
    await access(bin, constants.X_OK);
  } catch {
    throw new Error(
      `sandan binary not found or not executable: ${bin}\n` +
      'Build it first with `cargo build --locked -p sandan`, or point SANDAN_BIN at it.',
    );
  }

  const tmpDir = await mkdtemp(path.join(tmpdir(), 'sandan-e2e-'));
  const databaseUrl = `sqlite://${tmpDir}/sandan.db?mode=rwc`;
  // Accounts are made the way an operator makes the first one: `sandan users add`, password on stdin.
  for (const user of options.users ?? []) {
    const made = spawnSync(bin, ['--database-url', databaseUrl, 'users', 'add', '--login', user.login, '--name', user.name, '--role', user.role], {
      cwd: REPO_ROOT, input: `${user.password}\n`, encoding: 'utf8', env: { ...process.env, SANDAN_LOG: 'warn' },
    });
    if (made.status !== 0) throw new Error(`sandan users add ${user.login} failed:\n${made.stderr}`);
  }
  // Commands an operator would run before serving (e.g. `generate --scale national`).
  for (const command of options.commands ?? []) {
    const ran = spawnSync(bin, ['--database-url', databaseUrl, ...command], {
      cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, SANDAN_LOG: 'warn' },
    });
    if (ran.status !== 0) throw new Error(`sandan ${command.join(' ')} failed:\n${ran.stderr}`);
  }
  const args = ['serve', '--addr', '127.0.0.1:0', '--database-url', databaseUrl, ...(options.extraArgs ?? [])];
  const verbose = process.env.SANDAN_E2E_VERBOSE === '1';

  // setpriv (util-linux) makes the kernel kill the server if this test process dies without
  // running its after() hook (e.g. killed by the test runner); without it, spawn directly.
  const [command, commandArgs] = SETPRIV ? [SETPRIV, ['--pdeathsig', 'SIGKILL', '--', bin, ...args]] : [bin, args];
  const child = spawn(command, commandArgs, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...(options.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);

  let stdout = '';
  let stderr = '';
  let firstLine = null;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });

  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = tail(stderr + chunk);
    if (verbose) process.stderr.write(chunk);
  });
  child.stdout.setEncoding('utf8');

  const cleanup = async () => {
    await rm(tmpDir, { recursive: true, force: true });
  };

  const describe = () =>
    `command: ${bin} ${args.join(' ')}\n` +
    `--- server stdout ---\n${stdout || '(empty)'}\n--- server stderr ---\n${stderr || '(empty)'}`;

  let baseUrl;
  try {
    baseUrl = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`sandan did not print "listening on http://127.0.0.1:PORT" within ${timeoutMs / 1000} s.\n${describe()}`));
      }, timeoutMs);
      const done = (fn, value) => { clearTimeout(timer); fn(value); };

      child.once('error', (err) => done(reject, new Error(`could not start sandan: ${err.message}\n${describe()}`)));
      child.stdout.on('data', (chunk) => {
        stdout = tail(stdout + chunk);
        if (verbose) process.stdout.write(chunk);
        if (firstLine !== null) return;
        const nl = stdout.indexOf('\n');
        if (nl === -1) return;
        firstLine = stdout.slice(0, nl).replace(/\r$/, '');
        const m = LISTENING.exec(firstLine);
        if (m) done(resolve, m[1]);
        else done(reject, new Error(`sandan's first stdout line was ${JSON.stringify(firstLine)}, expected "listening on http://127.0.0.1:PORT".\n${describe()}`));
      });
      exited.then(({ code, signal }) => {
        done(reject, new Error(`sandan exited (code ${code}, signal ${signal}) before it was listening.\n${describe()}`));
      });
    });
  } catch (err) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await cleanup();
    throw err;
  }

  let stopped = false;
  return {
    baseUrl,
    port: Number(new URL(baseUrl).port),
    tmpDir,
    /** Absolute URL for a path such as '/rounds/2021/plans/경기?lang=en' (non-ASCII is percent-encoded). */
    url: (p) => new URL(p, baseUrl).href,
    output: () => ({ stdout, stderr }),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await cleanup();
    },
  };
}
