import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** Small tools shared by the benchmarks: medians, a server in a child process, timed HTTP and SQL. */

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}

export function rate(rows: number, elapsedMs: number): number {
  return rows / (elapsedMs / 1000);
}

export function thousands(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function log(message: string): void {
  const at = new Date().toISOString().slice(11, 19);
  console.log(`[${at}] ${message}`);
}

/** The resident set size of a process in MB (Linux), or NaN when it cannot be read. */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system) a process has used so far (Linux), or NaN when it cannot be read. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** A Node program run as its own process, so its memory and CPU are its own; its output is kept for errors. */
export class ChildServer {
  private output = '';
  private exited = false;
  readonly process: ChildProcess;

  constructor(
    readonly name: string,
    args: string[],
    env: NodeJS.ProcessEnv,
  ) {
    this.process = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    this.process.stdout!.on('data', keep);
    this.process.stderr!.on('data', keep);
    this.process.on('exit', () => (this.exited = true));
  }

  get pid(): number {
    return this.process.pid!;
  }

  get log(): string {
    return this.output;
  }

  /** Polls a URL until it answers 200 (or fails when the process ends or the time is up). */
  async waitFor(url: string, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`${this.name} exited before it was ready:\n${this.output}`);
      try {
        const response = await fetch(url);
        await response.arrayBuffer();
        if (response.status === 200) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.output}`);
  }

  /** Waits until the process has printed a line matching `pattern` (or fails when it ends or the time is up). */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (this.exited) throw new Error(`${this.name} exited before it was ready:\n${this.output}`);
      if (Date.now() > deadline)
        throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const ended = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    await ended;
    clearTimeout(timer);
  }
}

export class HttpError extends Error {}

/** GET that reads the whole body; returns the elapsed time and the parsed JSON. */
export async function timedJson<T = unknown>(
  url: string,
  token: string,
): Promise<{ elapsed: number; body: T }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new HttpError(`GET ${url}: ${response.status} ${text.slice(0, 500)}`);
  return { elapsed, body: JSON.parse(text) as T };
}

export interface Download {
  elapsed: number;
  /** Until the body passed its first kilobyte (past a header line written at once): the work before the first row. */
  firstByte: number;
  bytes: number;
  /** Line feeds seen (CSV rows including the header line and any trailing note). */
  lines: number;
  rssBefore: number;
  rssPeak: number;
}

/** Streams a download to nowhere while sampling the server's RSS every 50 ms. */
export async function download(url: string, token: string, serverPid: number): Promise<Download> {
  const rssBefore = rssMb(serverPid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(serverPid))), 50);
  try {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200)
      throw new HttpError(`GET ${url}: ${response.status} ${(await response.text()).slice(0, 500)}`);
    let bytes = 0;
    let lines = 0;
    let firstByte = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      if (!firstByte && bytes > 1024) firstByte = performance.now() - started;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    }
    const elapsed = performance.now() - started;
    rssPeak = Math.max(rssPeak, rssMb(serverPid));
    return { elapsed, firstByte, bytes, lines, rssBefore, rssPeak };
  } finally {
    clearInterval(sampler);
  }
}

export interface ImportAnswer {
  counts: Record<string, number>;
  assignedEnrollments?: number;
}

/** A multipart upload of one file in the `file` field. */
export async function upload(
  url: string,
  token: string,
  bytes: Uint8Array,
  fileName: string,
): Promise<{ elapsed: number; body: ImportAnswer }> {
  const form = new FormData();
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'text/csv' }), fileName);
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new HttpError(`POST ${url}: ${response.status} ${text.slice(0, 800)}`);
  return { elapsed, body: JSON.parse(text) };
}

export async function postJson(
  url: string,
  token: string | null,
  body: unknown,
  method = 'POST',
): Promise<{ accessToken: string } | null> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300)
    throw new HttpError(`${method} ${url}: ${response.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

/** Wall-clock time of one statement through the pg client, result rows fetched. */
export async function timedQuery(
  client: Client,
  sql: string,
  params: unknown[] = [],
): Promise<{ elapsed: number; rows: unknown[] }> {
  const started = performance.now();
  const result = await client.query(sql, params);
  return { elapsed: performance.now() - started, rows: result.rows };
}

/** `COPY (select) TO STDOUT` read to the end and thrown away: PostgreSQL's own export speed. */
export async function timedCopy(
  client: Client,
  copySql: string,
): Promise<{ elapsed: number; bytes: number; lines: number }> {
  const started = performance.now();
  const stream = client.query(copyTo(copySql));
  let bytes = 0;
  let lines = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return { elapsed: performance.now() - started, bytes, lines };
}

/** The lines of EXPLAIN (ANALYZE, BUFFERS) of a statement. */
export async function explainAnalyze(client: Client, sql: string, params: unknown[] = []): Promise<string[]> {
  const result = await client.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING ON) ${sql}`, params);
  return result.rows.map((row: Record<string, string>) => row['QUERY PLAN']);
}
