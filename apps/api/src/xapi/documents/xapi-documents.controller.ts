import { Controller, Delete, Get, Post, Put, Query as QueryParams, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ANY_MEDIA_TYPE, XapiCaller, type XapiRequest, XapiRoute } from '../xapi-auth';
import type { XapiClient } from '../xapi-clients.service';
import { XapiError } from '../xapi-error';
import type { XapiDocumentKind } from './xapi-document.entity';
import {
  addressOf,
  documentTarget,
  incomingDocument,
  preconditionsOf,
  type Query,
  sendDocument,
} from './xapi-document-request';
import { XapiDocumentsService } from './xapi-documents.service';

/**
 * The state, activity-profile and agent-profile resources of the LRS (xAPI 1.0.3 Communication 2.3, 2.6, 2.7). Each
 * answers itself (`@Res()`): a POST may stand for another method (the alternate request syntax), and a document goes
 * out as the bytes it was stored as.
 */
@ApiTags('xAPI')
@Controller('xapi')
@XapiRoute(ANY_MEDIA_TYPE)
export class XapiDocumentsController {
  constructor(private readonly documents: XapiDocumentsService) {}

  @Get('activities/state')
  @ApiOperation({ summary: 'xAPI state: one document, or the ids of an activity and agent’s documents' })
  getState(@XapiCaller() client: XapiClient, @QueryParams() query: Query, @Res() reply: FastifyReply) {
    return this.get('state', client, query, reply);
  }

  @Put('activities/state')
  @ApiOperation({ summary: 'xAPI state: store a document' })
  putState(@XapiCaller() client: XapiClient, @Req() request: XapiRequest, @Res() reply: FastifyReply) {
    return this.put('state', client, request, reply);
  }

  @Post('activities/state')
  @ApiOperation({ summary: 'xAPI state: store or merge (JSON) a document' })
  postState(@XapiCaller() client: XapiClient, @Req() request: XapiRequest, @Res() reply: FastifyReply) {
    return this.post('state', client, request, reply);
  }

  @Delete('activities/state')
  @ApiOperation({ summary: 'xAPI state: delete one document, or all of an activity and agent' })
  deleteState(@XapiCaller() client: XapiClient, @Req() request: XapiRequest, @Res() reply: FastifyReply) {
    return this.delete('state', client, request, reply);
  }

  @Get('activities/profile')
  @ApiOperation({ summary: 'xAPI activity profile: one document, or the ids of an activity’s profiles' })
  getActivityProfile(
    @XapiCaller() client: XapiClient,
    @QueryParams() query: Query,
    @Res() reply: FastifyReply,
  ) {
    return this.get('activity_profile', client, query, reply);
  }

  @Put('activities/profile')
  @ApiOperation({ summary: 'xAPI activity profile: store a document (If-Match or If-None-Match required)' })
  putActivityProfile(
    @XapiCaller() client: XapiClient,
    @Req() request: XapiRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.put('activity_profile', client, request, reply);
  }

  @Post('activities/profile')
  @ApiOperation({ summary: 'xAPI activity profile: store or merge (JSON) a document' })
  postActivityProfile(
    @XapiCaller() client: XapiClient,
    @Req() request: XapiRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.post('activity_profile', client, request, reply);
  }

  @Delete('activities/profile')
  @ApiOperation({ summary: 'xAPI activity profile: delete a document' })
  deleteActivityProfile(
    @XapiCaller() client: XapiClient,
    @Req() request: XapiRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.delete('activity_profile', client, request, reply);
  }

  @Get('agents/profile')
  @ApiOperation({ summary: 'xAPI agent profile: one document, or the ids of an agent’s profiles' })
  getAgentProfile(@XapiCaller() client: XapiClient, @QueryParams() query: Query, @Res() reply: FastifyReply) {
    return this.get('agent_profile', client, query, reply);
  }

  @Put('agents/profile')
  @ApiOperation({ summary: 'xAPI agent profile: store a document (If-Match or If-None-Match required)' })
  putAgentProfile(@XapiCaller() client: XapiClient, @Req() request: XapiRequest, @Res() reply: FastifyReply) {
    return this.put('agent_profile', client, request, reply);
  }

  @Post('agents/profile')
  @ApiOperation({ summary: 'xAPI agent profile: store or merge (JSON) a document' })
  postAgentProfile(
    @XapiCaller() client: XapiClient,
    @Req() request: XapiRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.post('agent_profile', client, request, reply);
  }

  @Delete('agents/profile')
  @ApiOperation({ summary: 'xAPI agent profile: delete a document' })
  deleteAgentProfile(
    @XapiCaller() client: XapiClient,
    @Req() request: XapiRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.delete('agent_profile', client, request, reply);
  }

  private async get(kind: XapiDocumentKind, client: XapiClient, query: Query, reply: FastifyReply) {
    const target = documentTarget(kind, query, 'list');
    if (target.documentId === null) {
      const ids = await this.documents.listIds(
        client.tenantId,
        target.scope,
        target.registration,
        target.since,
      );
      return reply
        .status(200)
        .header('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify(ids));
    }
    const document = await this.documents.get(client.tenantId, addressOf(target));
    if (!document) throw new XapiError(404, '指定されたドキュメントはありません。');
    return reply.status(200).send(sendDocument(reply, document));
  }

  private async put(kind: XapiDocumentKind, client: XapiClient, request: XapiRequest, reply: FastifyReply) {
    const target = documentTarget(kind, request.query as Query, 'one');
    await this.documents.put(
      client.tenantId,
      addressOf(target),
      incomingDocument(request),
      preconditionsOf(request),
    );
    return reply.status(204).send();
  }

  /** A POST, or the method the alternate request syntax names. */
  private async post(kind: XapiDocumentKind, client: XapiClient, request: XapiRequest, reply: FastifyReply) {
    switch (request.xapiMethod ?? 'POST') {
      case 'GET':
      case 'HEAD':
        return this.get(kind, client, request.query as Query, reply);
      case 'PUT':
        return this.put(kind, client, request, reply);
      case 'DELETE':
        return this.delete(kind, client, request, reply);
    }
    const target = documentTarget(kind, request.query as Query, 'one');
    await this.documents.post(
      client.tenantId,
      addressOf(target),
      incomingDocument(request),
      preconditionsOf(request),
    );
    return reply.status(204).send();
  }

  private async delete(
    kind: XapiDocumentKind,
    client: XapiClient,
    request: XapiRequest,
    reply: FastifyReply,
  ) {
    const target = documentTarget(kind, request.query as Query, kind === 'state' ? 'one-or-all' : 'one');
    if (target.documentId === null) {
      await this.documents.deleteAll(client.tenantId, target.scope, target.registration);
    } else {
      await this.documents.delete(client.tenantId, addressOf(target), preconditionsOf(request));
    }
    return reply.status(204).send();
  }
}
