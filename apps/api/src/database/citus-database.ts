import { Client } from 'pg';
import { withDatabase, withPort } from './database-url';

async function onNode<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A database on a Citus cluster whose workers listen on `workerPorts` of the coordinator's host. Citus keeps its
 * metadata per database (and cannot clone a distributed database from a template), so the database is created on
 * every node with the extension, and the coordinator is told where it and its workers are. Unmigrated: the
 * migrations (DistributeByTenant among them) run next, by whoever uses it.
 */
export async function createCitusDatabase(
  coordinatorUrl: string,
  workerPorts: number[],
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  // The workers first: adding a worker to the coordinator connects to its database.
  const nodes = [...workerPorts.map((port) => withPort(coordinatorUrl, port)), coordinatorUrl];
  const drop = async () => {
    for (const node of nodes)
      await onNode(withDatabase(node, 'postgres'), (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
  };
  const host = new URL(coordinatorUrl).hostname;
  for (const node of nodes) {
    await onNode(withDatabase(node, 'postgres'), (client) => client.query(`CREATE DATABASE ${name}`));
    await onNode(withDatabase(node, name), async (client) => {
      await client.query(`CREATE EXTENSION citus`);
      if (node !== coordinatorUrl) return;
      await client.query(`SELECT citus_set_coordinator_host($1, $2)`, [
        host,
        Number(new URL(coordinatorUrl).port),
      ]);
      for (const port of workerPorts) await client.query(`SELECT citus_add_node($1, $2)`, [host, port]);
    });
  }
  return { url: withDatabase(coordinatorUrl, name), drop };
}
