import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The key every table of the report cache starts with. */
abstract class TenantYear {
  @PrimaryColumn({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @PrimaryColumn({ name: 'fiscal_year', type: 'smallint' })
  fiscalYear: number;
}

/**
 * The figures of one tenant's fiscal year kept ready for the reports, the matrix and the exports: where each person
 * was placed (the contract's rule), and counts by state per person, per unit and course, and per unit, position
 * and track. They are rebuilt from the raw tables when a roster or the org chart changes, or the Tokyo day turns;
 * between rebuilds a trigger on `enrollment` keeps the counts current in the writing transaction
 * (migration ReportCache1795000000004).
 */
@Entity('report_year')
export class ReportYear extends TenantYear {
  /** The Tokyo day the states (overdue) and the placement were computed for; null until first built. */
  @Column({ name: 'as_of', type: 'date', nullable: true })
  asOf: string | null;

  @Column({ name: 'built_at', type: 'timestamptz', nullable: true })
  builtAt: Date | null;
}

/**
 * A change to what places people (roster, org chart, names, a course's track) since the year was built: the year
 * is out of date while it has any. Kept apart from report_year so that marking never waits for, or holds up, the
 * lock on the year's row that writers and rebuilds take.
 */
@Entity('report_stale')
@Index('ix_report_stale_year', ['tenantId', 'fiscalYear'])
export class ReportStale {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'fiscal_year', type: 'smallint' })
  fiscalYear: number;

  @Column({ name: 'marked_at', type: 'timestamptz', default: () => 'now()' })
  markedAt: Date;
}

/** Counts by state; the columns shared by every roll-up. */
abstract class StateCounts extends TenantYear {
  @Column({ type: 'int', default: 0 })
  assigned: number;

  @Column({ type: 'int', default: 0 })
  completed: number;

  @Column({ name: 'in_progress', type: 'int', default: 0 })
  inProgress: number;

  @Column({ name: 'not_started', type: 'int', default: 0 })
  notStarted: number;

  @Column({ type: 'int', default: 0 })
  overdue: number;

  @Column({ type: 'int', default: 0 })
  exempt: number;
}

/** One person in one fiscal year: where they were placed, and their own counts (the matrix's rows). */
@Entity('report_person')
@Index('ix_report_person_order', ['tenantId', 'fiscalYear', 'path', 'employeeNo'])
export class ReportPerson extends StateCounts {
  @PrimaryColumn({ name: 'staff_id', type: 'int' })
  staffId: number;

  @Column({ name: 'employee_no', type: 'varchar', length: 20 })
  employeeNo: string;

  @Column({ name: 'staff_name', type: 'text' })
  staffName: string;

  @Column({ name: 'position_id', type: 'int' })
  positionId: number;

  @Column({ name: 'employment_type', type: 'varchar', length: 20 })
  employmentType: string;

  /** The path of the unit the person was placed in, '/部局/所属/班/' by code. */
  @Column({ type: 'text', collation: 'C' })
  path: string;

  @Column({ type: 'varchar', length: 4 })
  kind: string;
}

/** Per unit (where people were placed) and course: the report by 部局/所属/研修体系, the matrix's column totals. */
@Entity('report_unit_course')
export class ReportUnitCourse extends StateCounts {
  @PrimaryColumn({ type: 'text', collation: 'C' })
  path: string;

  @PrimaryColumn({ name: 'course_id', type: 'int' })
  courseId: number;

  @Column({ type: 'varchar', length: 4 })
  kind: string;
}

/** Per unit, position and track: the report by 職位 (with or without a track). */
@Entity('report_position_track')
export class ReportPositionTrack extends StateCounts {
  @PrimaryColumn({ type: 'text', collation: 'C' })
  path: string;

  @PrimaryColumn({ name: 'position_id', type: 'int' })
  positionId: number;

  @PrimaryColumn({ name: 'track_id', type: 'int' })
  trackId: number;

  @Column({ type: 'varchar', length: 4 })
  kind: string;
}
