import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { CourseModule } from '../catalogue/catalogue.entities';
import { Enrollment } from '../enrolments/enrolment.entities';
import { Tenant } from '../database/tenant.entity';

/**
 * The cmi5 registration of one learner's attempt at one package module (migration 1795000000100): created on the first
 * launch, reused by every later launch, so the AU finds its own state documents again.
 */
@Entity('cmi5_registration')
@Index('ux_cmi5_registration', ['registration'], { unique: true })
export class Cmi5Registration {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'PK_cmi5_registration' })
  tenantId: number;

  @PrimaryColumn({ name: 'enrollment_id', type: 'int', primaryKeyConstraintName: 'PK_cmi5_registration' })
  enrollmentId: number;

  @PrimaryColumn({ name: 'module_id', type: 'int', primaryKeyConstraintName: 'PK_cmi5_registration' })
  moduleId: number;

  @Column({ type: 'uuid' })
  registration: string;

  /** When every AU of the module satisfied its moveOn (the LMS's `satisfied` statement went out then). */
  @Column({ name: 'satisfied_at', type: 'timestamptz', nullable: true })
  satisfiedAt: Date | null;

  /** The blocks (publisher ids) whose AUs all satisfied their moveOn: each block's `satisfied` went out once. */
  @Column({ name: 'satisfied_blocks', type: 'text', array: true, default: () => "'{}'" })
  satisfiedBlocks: string[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'FK_cmi5_registration_tenant' })
  tenant?: Relation<Tenant>;

  @ManyToOne(() => Enrollment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrollment_id', foreignKeyConstraintName: 'FK_cmi5_registration_enrollment' })
  enrollment?: Relation<Enrollment>;

  @ManyToOne(() => CourseModule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'module_id', foreignKeyConstraintName: 'FK_cmi5_registration_module' })
  module?: Relation<CourseModule>;
}

/**
 * One cmi5 launch of an AU: the one-time fetch secret (its SHA-256), the auth token it gave (SHA-256), and what the
 * token may do: statements and state of this actor and registration, until `expires_at`.
 */
@Entity('cmi5_session')
@Index('ix_cmi5_session_registration', ['tenantId', 'registration'])
@Index('ix_cmi5_session_open', ['expiresAt'], { where: '"terminated_at" IS NULL AND "abandoned_at" IS NULL' })
export class Cmi5Session {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_cmi5_session' })
  id: string;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'enrollment_id', type: 'int' })
  enrollmentId: number;

  @Column({ name: 'module_id', type: 'int' })
  moduleId: number;

  @Column({ type: 'uuid' })
  registration: string;

  @Column({ name: 'au_id', type: 'text' })
  auId: string;

  /** The learner's account name in the actor (職員番号). */
  @Column({ name: 'actor_name', type: 'text' })
  actorName: string;

  @Column({ name: 'fetch_hash', type: 'bytea' })
  fetchHash: Buffer;

  @Column({ name: 'token_hash', type: 'bytea', nullable: true })
  tokenHash: Buffer | null;

  @Column({ name: 'fetched_at', type: 'timestamptz', nullable: true })
  fetchedAt: Date | null;

  @Column({ name: 'initialized_at', type: 'timestamptz', nullable: true })
  initializedAt: Date | null;

  @Column({ name: 'terminated_at', type: 'timestamptz', nullable: true })
  terminatedAt: Date | null;

  /** Normal, or Review (the AU was satisfied before this launch): outside Normal nothing changes completion. */
  @Column({ name: 'launch_mode', type: 'varchar', length: 10, default: 'Normal' })
  launchMode: string;

  /** When the AU sent passed or failed in this session (one of the two, once). */
  @Column({ name: 'judged_at', type: 'timestamptz', nullable: true })
  judgedAt: Date | null;

  /** When the AU last sent a statement in this session (the end of an abandoned session's duration). */
  @Column({ name: 'last_statement_at', type: 'timestamptz', nullable: true })
  lastStatementAt: Date | null;

  /** When the LMS recorded `abandoned` for the session (it ended without terminated): nothing more is recorded. */
  @Column({ name: 'abandoned_at', type: 'timestamptz', nullable: true })
  abandonedAt: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'FK_cmi5_session_tenant' })
  tenant?: Relation<Tenant>;

  @ManyToOne(() => Enrollment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrollment_id', foreignKeyConstraintName: 'FK_cmi5_session_enrollment' })
  enrollment?: Relation<Enrollment>;
}
