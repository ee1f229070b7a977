import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import type { PackageScoView, PackageStandard } from '@dx/contract';
import { CourseModule } from '../catalogue/catalogue.entities';
import { Enrollment } from '../enrolments/enrolment.entities';
import { Tenant } from '../database/tenant.entity';

/**
 * An uploaded e-learning package (one upload = one row, never changed): what its manifest said, and where its
 * extracted files are (`DATA_DIR/packages/<storage_key>/`). Modules name it by id, so a new upload on a published
 * course is a new course version through the draft.
 */
@Entity('content_package')
export class ContentPackage {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'varchar', length: 10 })
  standard: PackageStandard;

  @Column({ type: 'varchar', length: 40 })
  version: string;

  @Column({ type: 'jsonb' })
  scos: PackageScoView[];

  @Column({ name: 'file_name', type: 'text' })
  fileName: string;

  @Column({ name: 'file_count', type: 'int' })
  fileCount: number;

  @Column({ name: 'total_bytes', type: 'bigint' })
  totalBytes: string;

  @Column({ name: 'storage_key', type: 'varchar', length: 64 })
  storageKey: string;

  @Column({ name: 'uploaded_by', type: 'int', nullable: true })
  uploadedBy: number | null;

  @Column({ name: 'uploaded_at', type: 'timestamptz', default: () => 'now()' })
  uploadedAt: Date;

  /** cmi5: the course's publisher id (cmi5.xml); null for SCORM. */
  @Column({ name: 'course_iri', type: 'text', nullable: true })
  courseIri: string | null;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Relation<Tenant>;
}

/** A learner's run-time data of one SCO of a package module (what resumes on the next launch). */
@Entity('package_sco_state')
export class PackageScoState {
  @PrimaryColumn({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @PrimaryColumn({ name: 'enrollment_id', type: 'int' })
  enrollmentId: number;

  @PrimaryColumn({ name: 'module_id', type: 'int' })
  moduleId: number;

  @PrimaryColumn({ name: 'sco_id', type: 'varchar', length: 255 })
  scoId: string;

  @Column({ name: 'lesson_status', type: 'varchar', length: 20, nullable: true })
  lessonStatus: string | null;

  @Column({ name: 'completion_status', type: 'varchar', length: 20, nullable: true })
  completionStatus: string | null;

  @Column({ name: 'success_status', type: 'varchar', length: 20, nullable: true })
  successStatus: string | null;

  @Column({ name: 'score_raw', type: 'real', nullable: true })
  scoreRaw: number | null;

  @Column({ name: 'score_scaled', type: 'real', nullable: true })
  scoreScaled: number | null;

  /** The status as the LMS keeps it (after the mastery score). */
  @Column({ type: 'varchar', length: 20, default: 'not attempted' })
  status: string;

  @Column({ name: 'suspend_data', type: 'text', nullable: true })
  suspendData: string | null;

  @Column({ type: 'text', nullable: true })
  location: string | null;

  @Column({ name: 'total_seconds', type: 'double precision', default: 0 })
  totalSeconds: number;

  @Column({ name: 'failed_attempts', type: 'int', default: 0 })
  failedAttempts: number;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @ManyToOne(() => Enrollment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrollment_id' })
  enrollment?: Relation<Enrollment>;

  @ManyToOne(() => CourseModule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'module_id' })
  module?: Relation<CourseModule>;
}
