import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who did what. Append-only: a trigger in the database refuses UPDATE, DELETE and TRUNCATE. */
@Entity('audit_log')
@Index('ix_audit_log_tenant_time', ['tenantId', 'occurredAt'])
@Index('ix_audit_log_subject', ['tenantId', 'subjectEmployeeNo', 'occurredAt'], {
  where: 'subject_employee_no IS NOT NULL',
})
@Index('ix_audit_log_actor', ['tenantId', 'actorLoginId', 'occurredAt'])
export class AuditLog {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'tenant_id', type: 'int', nullable: true })
  tenantId: number | null;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ name: 'actor_user_id', type: 'int', nullable: true })
  actorUserId: number | null;

  @Column({ name: 'actor_login_id', type: 'text', nullable: true })
  actorLoginId: string | null;

  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ type: 'text', nullable: true })
  target: string | null;

  /** The person whose records were read or changed (職員番号), when there is one. */
  @Column({ name: 'subject_employee_no', type: 'varchar', length: 20, nullable: true })
  subjectEmployeeNo: string | null;

  @Column({ type: 'jsonb', nullable: true })
  detail: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;
}
