import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_RULES } from '@dx/domain';
import { DEFAULT_COURSES, DEFAULT_TRACKS, SeedCourse } from './default-catalogue';
import { DefaultCatalogueRepository } from './default-catalogue.repository';

/**
 * The contract's default catalogue, present in every tenant. Only what is missing is added, so a content
 * administrator's edits to the seeded courses are never overwritten.
 */
@Injectable()
export class CatalogueSeeder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: DefaultCatalogueRepository,
  ) {}

  async ensureDefaultCatalogue(
    tenantId: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    for (const track of DEFAULT_TRACKS) await this.repository.insertTrackIfMissing(manager, tenantId, track);
    for (const course of DEFAULT_COURSES) await this.ensureCourse(manager, tenantId, course);
  }

  /** A course the tenant does not have yet: its version 1 with modules and questions, its DSS codes and rules. */
  private async ensureCourse(manager: EntityManager, tenantId: number, course: SeedCourse): Promise<void> {
    const courseId = await this.repository.insertCourseIfMissing(manager, tenantId, course);
    if (courseId === null) return;
    await this.repository.insertSkillCodes(manager, tenantId, courseId, course.dssCodes);
    for (const [index, module] of course.modules.entries()) {
      const moduleId = await this.repository.insertModule(manager, tenantId, courseId, index + 1, module);
      for (const [position, question] of (module.questions ?? []).entries())
        await this.repository.insertQuestion(manager, tenantId, moduleId, position + 1, question);
    }
    for (const rule of DEFAULT_RULES.filter((r) => r.courseCode === course.code))
      await this.repository.insertRule(manager, tenantId, courseId, rule);
  }
}
