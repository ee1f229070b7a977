import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { API_BASE } from '@dx/contract';
import { AppModule } from './app.module';
import { clientErrorHandler, frameworkErrors } from './common/framework-errors';
import { useRequestGuard } from './common/request-guard';
import { useSecurityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import { AppConfig, trustProxyOption } from './config/app-config';
import { MAX_IMPORT_BYTES } from './imports/imports.controller';
import { useSamlAcsForms } from './sso/saml-form';
import { useXapiHttp } from './xapi/xapi-http';

/** Builds the whole HTTP application (API, OpenAPI page and the web app's files) without listening. */
export async function createApp(config: AppConfig, databaseUrl: string, logger: boolean | Logger = true) {
  const adapter = new FastifyAdapter({
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    bodyLimit: 1024 * 1024,
    frameworkErrors,
    clientErrorHandler,
  });
  // JSON is the only body the API parses (bodyParser: false keeps Nest from adding a form parser, and Fastify's
  // text/plain parser goes too): a form another site posts is a 415, never a login.
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, databaseUrl),
    adapter,
    {
      logger: logger === false ? false : ['error', 'warn', 'log'],
      bodyParser: false,
    },
  );
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  app.setGlobalPrefix(API_BASE.slice(1));
  app.useGlobalPipes(createValidationPipe());

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5 } });
  useSecurityHeaders(app.getHttpAdapter().getInstance(), contentFrameSources(config));
  useRequestGuard(app.getHttpAdapter().getInstance());
  useXapiHttp(app.getHttpAdapter().getInstance());
  useSamlAcsForms(app.getHttpAdapter().getInstance());

  SwaggerModule.setup(
    'api/docs',
    app,
    () =>
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('職員DX研修システム API')
          .setDescription(
            'Integration contract v1 and the web app endpoints. Errors are RFC 9457 problem details.',
          )
          .setVersion('1')
          .addBearerAuth()
          .addBasicAuth(
            { type: 'http', scheme: 'basic', description: 'xAPI 接続のキーとシークレット' },
            'xapi-basic',
          )
          .build(),
      ),
    { swaggerOptions: { persistAuthorization: true } },
  );

  await serveWebApp(app, resolve(config.WEB_ROOT));
  return app;
}

/** Where the package player's frame may load from: the configured content origin, or the content port on any host. */
function contentFrameSources(config: AppConfig): string[] {
  if (config.CONTENT_ORIGIN) return [config.CONTENT_ORIGIN];
  const port = config.CONTENT_PORT ?? config.PORT + 1;
  return port === 0 ? [] : [`http://*:${port}`, `https://*:${port}`];
}

/** The Angular app from the same origin; client routes fall back to index.html in the problem filter. */
async function serveWebApp(app: NestFastifyApplication, webRoot: string): Promise<void> {
  if (existsSync(resolve(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: false });
  } else {
    new Logger('Web').warn(`No web app build at ${webRoot}: run "npx nx build web".`);
  }
}
