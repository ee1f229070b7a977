import { Module } from '@nestjs/common';
import { CatalogueAdminController } from './catalogue-admin.controller';
import { CourseVersionsRepository } from './course-versions.repository';
import { CoursesService } from './courses.service';
import { ModulesService } from './modules.service';
import { RulesService } from './rules.service';
import { TracksService } from './tracks.service';

/**
 * 研修管理 (the content administrator's catalogue editor), split by what it manages: tracks, courses (fields, the
 * draft and publishing), a draft's modules and questions, and the assignment rules, over one repository of course
 * versions. Uses AuditService and EnrolmentEngine, which the global AuditModule and EnrolmentsModule provide.
 */
@Module({
  controllers: [CatalogueAdminController],
  providers: [CourseVersionsRepository, TracksService, CoursesService, ModulesService, RulesService],
})
export class CatalogueAdminModule {}
