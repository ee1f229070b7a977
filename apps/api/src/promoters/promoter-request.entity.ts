import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Relation,
  Unique,
} from 'typeorm';
import { Tenant } from '../database/tenant.entity';

/**
 * HR asked a 所属長 to name a デジタル活用推進員 for a fiscal year: one row per 所属, year and day (a second press the
 * same day asks nobody twice). Written with SQL by PromoterCoverageRepository; the entity keeps the schema check honest.
 */
@Entity('promoter_request')
@Unique('uq_promoter_request_day', ['tenantId', 'fiscalYear', 'unitCode', 'requestedOn'])
export class PromoterRequest {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'pk_promoter_request' })
  tenantId: number;

  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_promoter_request' })
  id: number;

  @Column({ name: 'fiscal_year', type: 'smallint' })
  fiscalYear: number;

  @Column({ name: 'unit_code', type: 'varchar', length: 20 })
  unitCode: string;

  /** The day in Tokyo the request was made. */
  @Column({ name: 'requested_on', type: 'date' })
  requestedOn: string;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt: Date;

  @Column({ name: 'requested_by_user_id', type: 'int', nullable: true })
  requestedByUserId: number | null;

  /** The login id of who asked. */
  @Column({ name: 'requested_by', type: 'varchar', length: 50 })
  requestedBy: string;

  @Column({ name: 'head_employee_no', type: 'varchar', length: 20, nullable: true })
  headEmployeeNo: string | null;

  /** The address the e-mail was sent to (null: none sent). */
  @Column({ name: 'emailed_to', type: 'text', nullable: true })
  emailedTo: string | null;

  @Column({ name: 'email_error', type: 'text', nullable: true })
  emailError: string | null;

  /** The Slack delivery target the notice was queued for ('slack:unit:<code>' or 'slack:default'). */
  @Column({ name: 'slack_target', type: 'varchar', length: 40, nullable: true })
  slackTarget: string | null;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_promoter_request_tenant' })
  tenant?: Relation<Tenant>;
}
