import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/decorators';
import { type Cmi5FetchAnswer, Cmi5LaunchService } from './cmi5-launch.service';

/**
 * The cmi5 fetch URL (cmi5 8.2): an AU POSTs it once and gets its LRS auth token. The URL itself is the secret (a
 * one-time random part whose SHA-256 is kept); it sits under the LRS's prefix, so it gets the LRS's CORS headers.
 */
@ApiTags('xapi')
@Public()
@Controller('xapi/cmi5/fetch')
export class Cmi5FetchController {
  constructor(private readonly launches: Cmi5LaunchService) {}

  @Post(':session/:secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'cmi5 の fetch URL：認証トークンを1度だけ返す（2度目は error-code 1）' })
  fetch(@Param('session') session: string, @Param('secret') secret: string): Promise<Cmi5FetchAnswer> {
    return this.launches.fetch(session, secret);
  }
}
