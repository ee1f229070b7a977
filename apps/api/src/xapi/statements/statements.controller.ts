import { Controller, Get, HttpCode, Post, Put, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type XapiRequest, XapiCaller, XapiRoute } from '../xapi-auth';
import type { XapiClient } from '../xapi-clients.service';
import { XapiError } from '../xapi-error';
import { boundaryOf, buildMultipartMixed, parseMultipartMixed } from './multipart-mixed';
import { acceptedLanguages, formatStatement } from './statement-format';
import { parseGet } from './statement-query';
import { isObject } from './statement-validation';
import { type AttachmentPart, attachmentParts, StatementsService } from './statements.service';
import { StatementsReader } from './statements-reader';

/**
 * The statement resource (Communication 2.1): POST one or many, PUT one by statementId, GET one or a page. The
 * alternate request syntax arrives as a POST with `request.xapiMethod` saying what it stands for.
 */
@ApiTags('xapi')
// multipart/form-data is let in only to be refused with the 400 xAPI names (attachments travel as multipart/mixed).
@XapiRoute('multipart/mixed', 'multipart/form-data')
@Controller('xapi/statements')
export class StatementsController {
  constructor(
    private readonly statements: StatementsService,
    private readonly reader: StatementsReader,
  ) {}

  @Get()
  get(@XapiCaller() client: XapiClient, @Req() request: XapiRequest, @Res() reply: FastifyReply) {
    return this.answerGet(client, request, reply);
  }

  @Put()
  @HttpCode(204)
  async put(@XapiCaller() client: XapiClient, @Req() request: XapiRequest, @Res() reply: FastifyReply) {
    await this.storeOne(client, request);
    void reply.status(204).send();
  }

  @Post()
  async post(@XapiCaller() client: XapiClient, @Req() request: XapiRequest, @Res() reply: FastifyReply) {
    switch (request.xapiMethod) {
      case 'GET':
      case 'HEAD':
        return this.answerGet(client, request, reply);
      case 'PUT':
        await this.storeOne(client, request);
        return void reply.status(204).send();
      case 'POST':
        break;
      default:
        throw new XapiError(405, `statements には ${String(request.xapiMethod)} は使えません。`);
    }
    if (Object.keys((request.query ?? {}) as object).length > 0)
      throw new XapiError(400, 'POST の statements にはパラメーターを付けられません。');
    const { body, parts } = readBody(request);
    const ids = await this.statements.store(client, Array.isArray(body) ? body : [body], parts);
    void reply.status(200).send(ids);
  }

  private async storeOne(client: XapiClient, request: XapiRequest): Promise<void> {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const id = query['statementId'];
    if (typeof id !== 'string') throw new XapiError(400, 'PUT には statementId パラメーターが必要です。');
    if (Object.keys(query).length > 1)
      throw new XapiError(400, 'PUT のパラメーターは statementId だけです。');
    const { body, parts } = readBody(request);
    if (!isObject(body)) throw new XapiError(400, 'PUT の本文は Statement 1つです。');
    if (body['id'] !== undefined && String(body['id']).toLowerCase() !== id.toLowerCase())
      throw new XapiError(400, '本文の id と statementId が違います。');
    await this.statements.store(client, [{ ...body, id }], parts);
  }

  private async answerGet(client: XapiClient, request: XapiRequest, reply: FastifyReply): Promise<void> {
    const parsed = parseGet((request.query ?? {}) as Record<string, unknown>);
    const languages = acceptedLanguages(request.headers['accept-language']);
    let json: unknown;
    let found: Record<string, unknown>[];
    const single = parsed.statementId ?? parsed.voidedStatementId;
    if (single !== undefined) {
      const statement = await this.reader.one(
        client.tenantId,
        single,
        parsed.voidedStatementId !== undefined,
      );
      if (!statement) throw new XapiError(404, `Statement ${single} は見つかりません。`);
      json = formatStatement(statement, parsed.format, languages);
      found = [statement];
      void reply.header('last-modified', new Date(String(statement['stored'])).toUTCString());
    } else {
      const page = await this.reader.page(client.tenantId, parsed);
      json = {
        statements: page.statements.map((s) => formatStatement(s, parsed.format, languages)),
        more: page.more,
      };
      found = page.statements;
    }
    if (!parsed.attachments) return void reply.status(200).type('application/json').send(json);
    const attachments = await this.statements.attachmentsOf(client.tenantId, found);
    const { boundary, body } = buildMultipartMixed(json, attachments);
    void reply.status(200).type(`multipart/mixed; boundary=${boundary}`).send(body);
  }
}

/** The statement(s) of a request and, for multipart/mixed, the attachment parts after them. */
function readBody(request: XapiRequest): { body: unknown; parts: AttachmentPart[] } {
  const type = String(request.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/mixed')) {
    const boundary = boundaryOf(request.headers['content-type']);
    if (!boundary || !Buffer.isBuffer(request.body))
      throw new XapiError(400, 'multipart/mixed に boundary がありません。');
    const [first, ...rest] = parseMultipartMixed(request.body, boundary);
    if (
      !first ||
      !String(first.headers['content-type'] ?? '')
        .toLowerCase()
        .startsWith('application/json')
    )
      throw new XapiError(
        400,
        'multipart/mixed の最初の部分は application/json の Statement にしてください。',
      );
    let body: unknown;
    try {
      body = JSON.parse(first.body.toString('utf8'));
    } catch {
      throw new XapiError(400, 'Statement が正しい JSON ではありません。');
    }
    return { body, parts: attachmentParts(rest) };
  }
  if (!type.startsWith('application/json'))
    throw new XapiError(400, 'Statement は application/json で送ってください。');
  if (request.body === undefined || request.body === null) throw new XapiError(400, '本文がありません。');
  return { body: request.body, parts: [] };
}
