import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';
import { Staff } from '../staff/staff.entity';

/** A デジタル活用推進員 designation for one fiscal year. */
@Entity('promoter_designation')
@Unique('uq_promoter_designation', ['staffId', 'fiscalYear'])
export class PromoterDesignation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'staff_id', type: 'int' })
  staffId: number;

  @Column({ name: 'fiscal_year', type: 'smallint' })
  fiscalYear: number;

  @Column({ name: 'designated_on', type: 'date' })
  designatedOn: string;

  @ManyToOne(() => Staff)
  @JoinColumn({ name: 'staff_id' })
  staff?: Relation<Staff>;
}

/** A DX推進スペシャリスト養成 cohort (one fiscal year's intake). */
@Entity('specialist_cohort')
@Unique('uq_specialist_cohort', ['tenantId', 'code'])
export class SpecialistCohort {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'fiscal_year', type: 'smallint' })
  fiscalYear: number;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;
}

@Entity('cohort_member')
@Unique('uq_cohort_member', ['cohortId', 'staffId'])
export class CohortMember {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'cohort_id', type: 'int' })
  cohortId: number;

  @Column({ name: 'staff_id', type: 'int' })
  staffId: number;

  /** 基礎, 応用, 実践 or 認定. */
  @Column({ type: 'varchar', length: 10, default: '基礎' })
  stage: string;

  @Column({ name: 'joined_on', type: 'date' })
  joinedOn: string;

  @Column({ name: 'certified_on', type: 'date', nullable: true })
  certifiedOn: string | null;

  @ManyToOne(() => SpecialistCohort)
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Relation<SpecialistCohort>;

  @ManyToOne(() => Staff)
  @JoinColumn({ name: 'staff_id' })
  staff?: Relation<Staff>;
}
