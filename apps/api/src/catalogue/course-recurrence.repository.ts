import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CourseRecurrence } from '@dx/contract';

/** The SQL of a course's recurrence (更新): the rules engine reads it through RecertificationRepository. */
@Injectable()
export class CourseRecurrenceRepository {
  async setRecurrence(
    manager: EntityManager,
    tenantId: number,
    code: string,
    recurrence: CourseRecurrence,
  ): Promise<void> {
    await manager.query(`UPDATE course SET recurrence = $3 WHERE tenant_id = $1 AND code = $2`, [
      tenantId,
      code,
      JSON.stringify(recurrence),
    ]);
  }
}
