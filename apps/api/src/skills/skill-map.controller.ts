import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { SkillMapReport } from '@dx/contract';
import { AuditsPersonalData, countAuditedRows } from '../audit/audits-personal-data';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { SkillMapService } from './skill-map.service';

@ApiTags('skills')
@ApiBearerAuth()
@Allow('skills.read')
@Controller()
export class SkillMapController {
  constructor(private readonly skillMap: SkillMapService) {}

  /** スキルマップ: DXリテラシー標準 coverage per 部局 (today's org chart, active staff) and the specialists' roles. */
  @Get('skills/map')
  @AuditsPersonalData('skills.map_viewed')
  map(@CurrentUser() user: AuthUser): Promise<SkillMapReport> {
    return this.skillMap.map(user);
  }

  @Get('exports/skill-map.xlsx')
  @AuditsPersonalData('export.skill_map_xlsx')
  async xlsx(@CurrentUser() user: AuthUser, @Res() reply: FastifyReply): Promise<void> {
    const result = await this.skillMap.workbook(user);
    void reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('cache-control', 'no-store')
      .header(
        'content-disposition',
        `attachment; filename="skill-map.xlsx"; filename*=UTF-8''${encodeURIComponent(result.fileName)}`,
      );
    countAuditedRows(reply, () => result.rows);
    void reply.send(result.bytes);
  }
}
