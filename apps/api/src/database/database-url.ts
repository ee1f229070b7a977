/** The same server's URL, naming another database. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = '/' + database;
  return url.toString();
}

/** The same URL on another port of the same host (a Citus worker beside its coordinator). */
export function withPort(serverUrl: string, port: number): string {
  const url = new URL(serverUrl);
  url.port = String(port);
  return url.toString();
}
