import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { withTenant } from '../database/tenant-context';
import type { LaunchGrant } from './launch-token';
import { packageFilePath } from './package-archive';
import { PackageRuntimeService } from './package-runtime.service';
import { PackagesService } from './packages.service';
import { playerScript } from './player-script';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.vtt': 'text/vtt; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
};

/** HTML files larger than this are served without the injected run-time API (no SCO page is this large). */
const MAX_INJECTED_HTML = 20 * 1024 * 1024;

const SCORM_AGAIN = {
  scorm12: require.resolve('scorm-again/scorm12/min'),
  scorm2004: require.resolve('scorm-again/scorm2004/min'),
};

/**
 * The content origin: a second HTTP listener of this server (CONTENT_PORT) that serves the files of e-learning
 * packages, and nothing else. Access is a signed launch token in the path (never a cookie: requests' cookies are
 * ignored and none is ever set), every answer has its own strict CSP (only this origin; framed only by the app) and
 * nosniff. The learner's session never reaches this origin, and package scripts run in the app's sandboxed frame.
 */
@Injectable()
export class ContentServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ContentServer');
  private server: FastifyInstance | null = null;
  private port = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly runtime: PackageRuntimeService,
    private readonly packages: PackagesService,
  ) {}

  /** The content origin as learners' browsers reach it, for a request that came to the app at `appOrigin`. */
  originFor(appOrigin: string): string {
    if (this.config.CONTENT_ORIGIN) return this.config.CONTENT_ORIGIN;
    const url = new URL(appOrigin);
    return `${url.protocol}//${url.hostname.includes(':') ? `[${url.hostname}]` : url.hostname}:${this.port}`;
  }

  get listeningPort(): number {
    return this.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = Fastify({ logger: false, maxParamLength: 2000, ignoreTrailingSlash: false });
    server.addHook('onSend', async (_request, reply) => {
      reply.removeHeader('set-cookie');
    });
    // A cmi5 AU in the course page's frame goes here on exit (its returnURL): the page tells the player to close.
    server.get('/p/:token/__dx/return', async (request, reply) => {
      const grant = this.runtime.tokens.verify((request.params as { token: string }).token);
      if (!grant)
        return refuse(
          reply,
          403,
          'このリンクは無効か、期限が切れています。研修のページから開き直してください。',
        );
      headers(reply, grant, 'no-store');
      reply.header('content-type', 'text/html; charset=utf-8');
      return reply.send(returnPage(grant.appOrigin));
    });
    server.get('/p/:token/__dx/:asset', async (request, reply) => {
      const { token, asset } = request.params as { token: string; asset: string };
      const grant = this.runtime.tokens.verify(token);
      if (!grant)
        return refuse(
          reply,
          403,
          'このリンクは無効か、期限が切れています。研修のページから開き直してください。',
        );
      const sco = Number((request.query as { sco?: string }).sco ?? '0');
      return withTenant(grant.tenantId, async () => {
        const setup = Number.isInteger(sco) ? await this.runtime.playerState(grant, sco) : null;
        if (!setup) return refuse(reply, 404, '見つかりません。');
        headers(reply, grant, 'no-store');
        if (setup.package.standard === 'cmi5') return refuse(reply, 404, '見つかりません。');
        if (asset === 'scorm-again.js') {
          reply
            .header('content-type', 'text/javascript; charset=utf-8')
            .header('cache-control', 'private, max-age=3600');
          return reply.send(createReadStream(SCORM_AGAIN[setup.package.standard]));
        }
        if (asset === 'player.js') {
          reply.header('content-type', 'text/javascript; charset=utf-8');
          return reply.send(
            playerScript({
              standard: setup.package.standard,
              sco: setup.sco,
              appOrigin: grant.appOrigin,
              learner: setup.learner,
              state: setup.state,
            }),
          );
        }
        return refuse(reply, 404, '見つかりません。');
      });
    });
    server.get('/p/:token/s/:sco/*', async (request, reply) => {
      const { token, sco } = request.params as { token: string; sco: string; '*': string };
      const grant = this.runtime.tokens.verify(token);
      if (!grant)
        return refuse(
          reply,
          403,
          'このリンクは無効か、期限が切れています。研修のページから開き直してください。',
        );
      const rawPath = (request.params as Record<string, string>)['*'];
      return withTenant(grant.tenantId, () => this.serveFile(reply, grant, token, sco, rawPath));
    });
    server.setNotFoundHandler((_request, reply) => refuse(reply, 404, '見つかりません。'));
    server.setErrorHandler((error, _request, reply) => {
      this.logger.warn(`content request failed: ${error instanceof Error ? error.message : String(error)}`);
      return refuse(reply, 400, 'リクエストを処理できません。');
    });
    const requested = this.config.CONTENT_PORT ?? this.config.PORT + 1;
    await server.listen({ port: requested, host: requested === 0 ? '127.0.0.1' : '0.0.0.0' });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    this.logger.log(`Package content on port ${this.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }

  private async serveFile(
    reply: FastifyReply,
    grant: LaunchGrant,
    token: string,
    sco: string,
    rawPath: string,
  ) {
    const stored = await this.runtime.storageKey(grant);
    if (!stored || !/^\d{1,3}$/.test(sco)) return refuse(reply, 404, '見つかりません。');
    const { key, standard } = stored;
    let name: string;
    try {
      name = decodeURIComponent(rawPath);
    } catch {
      return refuse(reply, 404, '見つかりません。');
    }
    const path = packageFilePath(join(this.packages.root, key), name);
    const info = path ? await stat(path).catch(() => null) : null;
    if (!path || !info?.isFile()) return refuse(reply, 404, 'このファイルは教材にありません。');
    const extension = extname(path).toLowerCase();
    const type = TYPES[extension] ?? 'application/octet-stream';
    // A cmi5 AU talks to the LRS on the app's origin itself (no injected run-time API).
    const cmi5 = standard === 'cmi5';
    headers(reply, grant, 'private, max-age=600', cmi5);
    reply.header('content-type', type);
    if (!cmi5 && type.startsWith('text/html') && info.size <= MAX_INJECTED_HTML) {
      const html = (await readFile(path)).toString('utf8');
      const base = `/p/${token}/__dx`;
      const tags = `<script src="${base}/scorm-again.js?sco=${sco}"></script><script src="${base}/player.js?sco=${sco}"></script>`;
      reply.header('cache-control', 'no-store');
      return reply.send(injectIntoHead(html, tags));
    }
    reply.header('content-length', info.size);
    return reply.send(createReadStream(path));
  }
}

/** The run-time API's scripts first in <head>, so the SCO's own scripts find window.API when they run. */
export function injectIntoHead(html: string, tags: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head)
    return html.slice(0, head.index + head[0].length) + tags + html.slice(head.index + head[0].length);
  const open = /<html(\s[^>]*)?>/i.exec(html);
  if (open)
    return html.slice(0, open.index + open[0].length) + tags + html.slice(open.index + open[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? doctype[0] + tags + html.slice(doctype[0].length) : tags + html;
}

/** The return page: says the AU ended and posts the exit message to the app frame (nothing when top-level). */
export function returnPage(appOrigin: string): string {
  const target = JSON.stringify(appOrigin).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>教材を終了しました</title></head>
<body><p>教材を終了しました。このページは閉じてかまいません。</p>
<script>if (window.parent !== window) window.parent.postMessage({ type: 'dx-package-exit' }, ${target});</script>
</body></html>`;
}

function headers(reply: FastifyReply, grant: LaunchGrant, cache: string, lrs = false): void {
  reply
    .header(
      'content-security-policy',
      [
        // The same sandbox as the course page's frame, also when a cmi5 AU plays in a window of its own
        // (OwnWindow) or a page is opened by itself: an opaque origin, no access to this host's cookies or storage.
        'sandbox allow-scripts allow-forms',
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' data: blob:",
        "font-src 'self' data:",
        // cmi5: the AU's fetch URL and the LRS are on the app's origin.
        lrs ? `connect-src 'self' ${grant.appOrigin}` : "connect-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        `frame-ancestors ${grant.appOrigin} 'self'`,
      ].join('; '),
    )
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', cache);
}

function refuse(reply: FastifyReply, status: number, detail: string) {
  return reply
    .code(status)
    .header('content-type', 'text/plain; charset=utf-8')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
    .send(detail);
}
