import './supported-node';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { prepareData } from './bootstrap';
import { loadConfig } from './config/app-config';
import { runMigrations } from './database/data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const logger = new Logger('Main');
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  if (!config.DATABASE_URL)
    embedded = await startEmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_PG_PORT, logger);
  const databaseUrl = config.DATABASE_URL ?? embedded!.url;
  await runMigrations(databaseUrl);

  const app = await createApp(config, databaseUrl);
  app.enableShutdownHooks();
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  logger.log(`Serving on http://localhost:${config.PORT} (API docs: /api/docs)`);
  await prepareData(app, config);

  const stop = async () => {
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
