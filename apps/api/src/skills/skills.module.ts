import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { SkillMapController } from './skill-map.controller';
import { SkillMapRepository } from './skill-map.repository';
import { SkillMapService } from './skill-map.service';

/** HR's スキルマップ: デジタルスキル標準 coverage from the courses' mapping (catalogue) and completions. */
@Module({
  imports: [AccessModule],
  controllers: [SkillMapController],
  providers: [SkillMapRepository, SkillMapService],
})
export class SkillsModule {}
