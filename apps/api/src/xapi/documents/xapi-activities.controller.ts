import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { refuseUnknownParameters, type XapiPerson } from '@dx/domain';
import { Public } from '../../common/decorators';
import { XapiCaller, XapiRoute } from '../xapi-auth';
import type { XapiClient } from '../xapi-clients.service';
import { type XapiActivity, XapiActivitiesService } from './xapi-activities.service';
import { activityIdOf, agentOf, type Query, readParameters } from './xapi-document-request';

/** The versions of xAPI this LRS speaks: every 1.0.x request is accepted and answered as 1.0.3. */
export const XAPI_ABOUT_VERSIONS = ['1.0.3', '1.0.2', '1.0.1', '1.0.0'];

/** The Activities and Agents resources (Communication 2.5, 2.4): what the LRS knows of an activity or an agent. */
@ApiTags('xAPI')
@Controller('xapi')
export class XapiActivitiesController {
  constructor(private readonly activities: XapiActivitiesService) {}

  @Get('activities')
  @XapiRoute()
  @ApiOperation({ summary: 'xAPI activities: the canonical definition of an activity' })
  activity(@XapiCaller() client: XapiClient, @QueryParams() query: Query): Promise<XapiActivity> {
    const activityId = readParameters(() => {
      refuseUnknownParameters(query, ['activityId']);
      return activityIdOf(query);
    });
    return this.activities.activity(client.tenantId, activityId);
  }

  @Get('agents')
  @XapiRoute()
  @ApiOperation({ summary: 'xAPI agents: the Person object of an agent' })
  agent(@XapiCaller() client: XapiClient, @QueryParams() query: Query): Promise<XapiPerson> {
    const agent = readParameters(() => {
      refuseUnknownParameters(query, ['agent']);
      return agentOf(query);
    });
    return this.activities.person(client.tenantId, agent);
  }

  /** Needs neither credentials nor the version header (Communication 2.8). */
  @Get('about')
  @Public()
  @ApiOperation({ summary: 'xAPI about: the versions this LRS speaks' })
  about(): { version: string[]; extensions: Record<string, unknown> } {
    return { version: XAPI_ABOUT_VERSIONS, extensions: {} };
  }
}
