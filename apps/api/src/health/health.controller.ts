import { Controller, Get, HttpStatus, Injectable, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { HealthResponse } from '@dx/contract';
import { Public } from '../common/decorators';

/** Flipped once migrations, the default tenant and demo data are in place. */
@Injectable()
export class Readiness {
  ready = false;
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Public()
  @Get()
  health(@Res({ passthrough: true }) reply: FastifyReply): HealthResponse {
    if (!this.readiness.ready) {
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'starting' };
    }
    return { status: 'ok' };
  }
}
