import { Module } from '@nestjs/common';
import { CatalogueAdminController } from './catalogue-admin.controller';
import { CatalogueSeeder } from './catalogue-seeder';
import { DraftModulesRepository } from './draft-modules.repository';
import { CourseVersionsRepository } from './course-versions.repository';
import { CourseRecurrenceRepository } from './course-recurrence.repository';
import { CoursesRepository } from './courses.repository';
import { CoursesService } from './courses.service';
import { DefaultCatalogueRepository } from './default-catalogue.repository';
import { ModulesService } from './modules.service';
import { TracksService } from './tracks.service';

/**
 * 研修管理 (the content administrator's catalogue editor), split by what it manages: tracks, courses (fields, the
 * draft and publishing), a draft's modules and questions, over one repository of course versions, which it exports
 * with the default catalogue's seeder. The assignment rules belong to the rules engine (enrolments/).
 */
@Module({
  controllers: [CatalogueAdminController],
  providers: [
    CourseVersionsRepository,
    CoursesRepository,
    CourseRecurrenceRepository,
    DraftModulesRepository,
    TracksService,
    CoursesService,
    ModulesService,
    DefaultCatalogueRepository,
    CatalogueSeeder,
  ],
  exports: [CourseVersionsRepository, CatalogueSeeder],
})
export class CatalogueAdminModule {}
