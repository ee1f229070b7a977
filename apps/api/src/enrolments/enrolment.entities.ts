import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
  Unique,
} from 'typeorm';
import { Course, CourseModule } from '../catalogue/catalogue.entities';
import { Staff } from '../staff/staff.entity';

/** One person's assignment to one course in one fiscal year. Never deleted; completion is never undone. */
@Entity('enrollment')
@Unique('uq_enrollment', ['staffId', 'courseId', 'fiscalYear'])
@Index('ix_enrollment_year_course', ['tenantId', 'fiscalYear', 'courseId'])
// (staff_id, fiscal_year) INCLUDE (…): a person's year index-only (migration ReadIndexes); TypeORM has no INCLUDE.
@Index('ix_enrollment_person_year', { synchronize: false })
// The renewals of a year, which the completion report counts apart (更新期限切れ).
@Index('ix_enrollment_renewal', ['tenantId', 'fiscalYear'], { where: '"renews_enrollment_id" IS NOT NULL' })
// (tenant_id, course_id, staff_id) WHERE completed_on IS NOT NULL: the スキルマップ's completions (SkillMapIndex).
@Index('ix_enrollment_completed_course', { synchronize: false })
export class Enrollment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'staff_id', type: 'int' })
  staffId: number;

  @Column({ name: 'course_id', type: 'int' })
  courseId: number;

  @Column({ name: 'fiscal_year', type: 'smallint' })
  fiscalYear: number;

  /** The course version the person follows (the one published when they were assigned). */
  @Column({ name: 'course_version', type: 'int' })
  courseVersion: number;

  /** 'rule' (assigned from personnel data) or 'manual' (assigned by HR). */
  @Column({ type: 'varchar', length: 10 })
  source: string;

  @Column({ name: 'rule_id', type: 'int', nullable: true })
  ruleId: number | null;

  @Column({ name: 'trigger_date', type: 'date' })
  triggerDate: string;

  @Column({ name: 'due_date', type: 'date' })
  dueDate: string;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** The completion's calendar day in Asia/Tokyo (imports give a day, not a time). */
  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn: string | null;

  /** learner, quiz, import, evaluator, hr. */
  @Column({ name: 'completion_source', type: 'varchar', length: 20, nullable: true })
  completionSource: string | null;

  @Column({ name: 'exempt_reason', type: 'text', nullable: true })
  exemptReason: string | null;

  @Column({ name: 'exempted_at', type: 'timestamptz', nullable: true })
  exemptedAt: Date | null;

  @Column({ name: 'exempted_by', type: 'int', nullable: true })
  exemptedBy: number | null;

  /** When the first required module was done (set by a trigger on module_progress): 受講中 from then on. */
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  /** The person's last day when they left with the course unfinished. */
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn: string | null;

  /** A renewal (更新): the assignment whose completion it renews. */
  @Column({ name: 'renews_enrollment_id', type: 'int', nullable: true })
  renewsEnrollmentId: number | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @ManyToOne(() => Staff)
  @JoinColumn({ name: 'staff_id' })
  staff?: Relation<Staff>;

  @ManyToOne(() => Course)
  @JoinColumn({ name: 'course_id' })
  course?: Relation<Course>;
}

/** A module done within an enrolment: once, whatever the number of clicks or concurrent requests. */
@Entity('module_progress')
@Unique('uq_module_progress', ['enrollmentId', 'moduleId'])
export class ModuleProgress {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'enrollment_id', type: 'int' })
  enrollmentId: number;

  @Column({ name: 'module_id', type: 'int' })
  moduleId: number;

  @Column({ name: 'completed_at', type: 'timestamptz', default: () => 'now()' })
  completedAt: Date;

  @Column({ type: 'varchar', length: 20 })
  source: string;

  @ManyToOne(() => Enrollment)
  @JoinColumn({ name: 'enrollment_id' })
  enrollment?: Relation<Enrollment>;

  @ManyToOne(() => CourseModule)
  @JoinColumn({ name: 'module_id' })
  module?: Relation<CourseModule>;
}

@Entity('quiz_attempt')
@Unique('uq_quiz_attempt', ['enrollmentId', 'moduleId', 'attemptNo'])
export class QuizAttempt {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'enrollment_id', type: 'int' })
  enrollmentId: number;

  @Column({ name: 'module_id', type: 'int' })
  moduleId: number;

  @Column({ name: 'attempt_no', type: 'smallint' })
  attemptNo: number;

  /** The questions drawn for this attempt, in the order shown, with each question's choice order. */
  @Column({ type: 'jsonb' })
  drawn: { questionId: number; choiceIds: number[] }[];

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'smallint', nullable: true })
  score: number | null;

  @Column({ type: 'boolean', nullable: true })
  passed: boolean | null;

  @Column({ type: 'jsonb', nullable: true })
  answers: { questionId: number; choiceIds: number[] }[] | null;

  @ManyToOne(() => Enrollment)
  @JoinColumn({ name: 'enrollment_id' })
  enrollment?: Relation<Enrollment>;
}

/** A 課題 handed in by a learner and judged by an evaluator. */
@Entity('assignment_submission')
@Index('ix_submission_enrollment', ['enrollmentId', 'moduleId'])
export class AssignmentSubmission {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'enrollment_id', type: 'int' })
  enrollmentId: number;

  @Column({ name: 'module_id', type: 'int' })
  moduleId: number;

  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName: string | null;

  @Column({ name: 'file_type', type: 'text', nullable: true })
  fileType: string | null;

  @Column({ name: 'file_data', type: 'bytea', nullable: true })
  fileData: Buffer | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', default: () => 'now()' })
  submittedAt: Date;

  /** submitted, passed, returned. */
  @Column({ type: 'varchar', length: 10, default: 'submitted' })
  status: string;

  @Column({ name: 'evaluator_comment', type: 'text', nullable: true })
  evaluatorComment: string | null;

  @Column({ name: 'evaluated_by', type: 'int', nullable: true })
  evaluatedBy: number | null;

  @Column({ name: 'evaluated_at', type: 'timestamptz', nullable: true })
  evaluatedAt: Date | null;

  @ManyToOne(() => Enrollment)
  @JoinColumn({ name: 'enrollment_id' })
  enrollment?: Relation<Enrollment>;
}

/** A completed course's 修了証, with a serial anyone can verify. */
@Entity('certificate')
export class Certificate {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'enrollment_id', type: 'int', unique: true })
  enrollmentId: number;

  @Column({ type: 'varchar', length: 80, unique: true })
  serial: string;

  @Column({ name: 'issued_at', type: 'timestamptz', default: () => 'now()' })
  issuedAt: Date;

  /** 有効期限: the last day of its validity, for a recurring course (null: no end). */
  @Column({ name: 'valid_until', type: 'date', nullable: true })
  validUntil: string | null;

  /** The certificate of the renewal that superseded this one (this one stays verifiable). */
  @Column({ name: 'superseded_by_id', type: 'int', nullable: true })
  supersededById: number | null;

  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt: Date | null;

  @ManyToOne(() => Enrollment)
  @JoinColumn({ name: 'enrollment_id' })
  enrollment?: Relation<Enrollment>;
}
