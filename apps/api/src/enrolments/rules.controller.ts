import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { RulesResult, RuleView } from '@dx/contract';
import { ReplaceRulesDto } from '../catalogue/catalogue-admin.dto';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { RulesService } from './rules.service';

/**
 * A course's assignment rules, edited in 研修管理 beside the course (hence the catalogue path) but owned by the
 * rules engine that applies them.
 */
@ApiTags('catalogue-admin')
@ApiBearerAuth()
@Allow('catalogue.edit')
@Controller('catalogue')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get('courses/:code/rules')
  list(@CurrentUser() user: AuthUser, @Param('code') code: string): Promise<RuleView[]> {
    return this.rules.rules(user.tenantId, code);
  }

  @Put('courses/:code/rules')
  replace(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Body() body: ReplaceRulesDto,
  ): Promise<RulesResult> {
    return this.rules.replaceRules(user, code, body);
  }
}
