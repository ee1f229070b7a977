import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * An outside record (Udemy CSV row, Reporting API result, xAPI statement) that completes something but matched no
 * person or no module: HR's queue 連携の未照合. Kept once per record (row_key: e-mail, external id, course, day), so
 * a file sent again adds nothing. HR resolves it to a person and/or a module (kept here, and applied) or dismisses it;
 * a pending row that later matches by itself is applied by the tenant's next import or sync.
 */
@Entity('outside_unmatched')
@Unique('uq_outside_unmatched', ['tenantId', 'rowKey'])
@Index('ix_outside_unmatched_status', ['tenantId', 'status', 'receivedAt'])
export class OutsideUnmatched {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_outside_unmatched' })
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 10 })
  source: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  @Column({ name: 'udemy_course_id', type: 'text', nullable: true })
  udemyCourseId: string | null;

  @Column({ name: 'course_title', type: 'text', nullable: true })
  courseTitle: string | null;

  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn: string | null;

  @Column({ name: 'later_completed_on', type: 'date', nullable: true })
  laterCompletedOn: string | null;

  @Column({ name: 'row_key', type: 'text' })
  rowKey: string;

  /** unknown_person | unknown_course | left */
  @Column({ type: 'varchar', length: 20 })
  reason: string;

  /** pending | applied | dismissed */
  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ name: 'resolved_staff_id', type: 'int', nullable: true })
  resolvedStaffId: number | null;

  @Column({ name: 'resolved_module_id', type: 'int', nullable: true })
  resolvedModuleId: number | null;

  @Column({ name: 'dismiss_reason', type: 'text', nullable: true })
  dismissReason: string | null;

  @Column({ name: 'handled_by', type: 'text', nullable: true })
  handledBy: string | null;

  @Column({ name: 'handled_at', type: 'timestamptz', nullable: true })
  handledAt: Date | null;
}
