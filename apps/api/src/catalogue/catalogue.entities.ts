import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Relation,
  Unique,
} from 'typeorm';
import type { CourseRecurrence } from '@dx/contract';
import { Tenant } from '../database/tenant.entity';

/** A 研修体系: 階層別研修, DX推進スペシャリスト養成, デジタル活用推進員研修, 職場内DX研修, or one a content admin adds. */
@Entity('track')
@Unique('uq_track_code', ['tenantId', 'code'])
export class Track {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 30 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ name: 'sort_order', type: 'smallint', default: 0 })
  sortOrder: number;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Relation<Tenant>;
}

export const MODULE_KINDS = ['lesson', 'quiz', 'external', 'live', 'assignment', 'package'] as const;
export type ModuleKind = (typeof MODULE_KINDS)[number];

/**
 * A course. Its modules belong to numbered versions: learners stay on the version they were assigned, and
 * publishing a new one never touches what anyone already completed.
 */
@Entity('course')
@Unique('uq_course_code', ['tenantId', 'code'])
export class Course {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ name: 'track_id', type: 'int' })
  trackId: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ name: 'estimated_minutes', type: 'int', default: 0 })
  estimatedMinutes: number;

  /**
   * @deprecated The free-text skill area before the デジタルスキル標準 mapping (CourseSkill; migration
   * CourseSkills1795000000190 mapped the text it could). Read and written by nothing, kept so no one's text is lost.
   */
  @Column({ name: 'skill_area_legacy', type: 'text', nullable: true })
  skillAreaLegacy: string | null;

  @Column({ name: 'published_version', type: 'int', default: 1 })
  publishedVersion: number;

  /** A content administrator has started the draft (published version + 1), with or without modules yet. */
  @Column({ name: 'has_draft', type: 'boolean', default: false })
  hasDraft: boolean;

  /** Recertification (更新): none, every fiscal year, every N years, or valid N years with a renewal window. */
  @Column({ type: 'jsonb', default: () => `'{"kind": "none"}'` })
  recurrence: CourseRecurrence;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Relation<Tenant>;

  @ManyToOne(() => Track)
  @JoinColumn({ name: 'track_id' })
  track?: Relation<Track>;
}

/** A デジタルスキル標準 code (@dx/domain digital-skill-standard.ts) a course is mapped to. */
@Entity('course_skill')
@Index('ix_course_skill_code', ['tenantId', 'code'])
export class CourseSkill {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'pk_course_skill' })
  tenantId: number;

  @PrimaryColumn({ name: 'course_id', type: 'int', primaryKeyConstraintName: 'pk_course_skill' })
  courseId: number;

  @PrimaryColumn({ type: 'varchar', length: 60, primaryKeyConstraintName: 'pk_course_skill' })
  code: string;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_course_skill_tenant' })
  tenant?: Relation<Tenant>;

  @ManyToOne(() => Course, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id', foreignKeyConstraintName: 'fk_course_skill_course' })
  course?: Relation<Course>;
}

@Entity('course_module')
@Index('ix_course_module_course', ['courseId', 'version', 'position'])
export class CourseModule {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'course_id', type: 'int' })
  courseId: number;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'varchar', length: 20 })
  kind: ModuleKind;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'boolean', default: true })
  required: boolean;

  /** Kind-specific settings: lesson markdown and video link, quiz pass mark, external course id, live session, ... */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  content: Record<string, unknown>;

  @ManyToOne(() => Course)
  @JoinColumn({ name: 'course_id' })
  course?: Relation<Course>;
}

export interface QuizChoice {
  id: number;
  text: string;
  correct: boolean;
}

@Entity('quiz_question')
@Index('ix_quiz_question_module', ['moduleId', 'position'])
export class QuizQuestion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'module_id', type: 'int' })
  moduleId: number;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'varchar', length: 10 })
  kind: 'single' | 'multiple';

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'jsonb' })
  choices: QuizChoice[];

  @Column({ type: 'text', default: '' })
  explanation: string;

  @ManyToOne(() => CourseModule)
  @JoinColumn({ name: 'module_id' })
  module?: Relation<CourseModule>;
}

/** Who must take a course and by when (see evaluateRules in @dx/domain). */
@Entity('assignment_rule')
@Index('ix_assignment_rule_tenant', ['tenantId'])
export class AssignmentRuleRow {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'course_id', type: 'int' })
  courseId: number;

  @Column({ type: 'jsonb' })
  trigger: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  due: Record<string, unknown>;

  @Column({ name: 'employment_types', type: 'text', array: true, default: () => "'{}'" })
  employmentTypes: string[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @ManyToOne(() => Course)
  @JoinColumn({ name: 'course_id' })
  course?: Relation<Course>;
}
