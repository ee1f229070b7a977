import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { XapiClient } from '../xapi-clients.service';
import { XapiCaller, XapiRoute } from '../xapi-auth';

/** The statement resource of the LRS. */
@ApiTags('xapi')
@XapiRoute('multipart/mixed')
@Controller('xapi/statements')
export class StatementsController {
  @Get()
  list(@XapiCaller() client: XapiClient) {
    return { statements: [], more: '', tenant: client.tenantId };
  }
}
