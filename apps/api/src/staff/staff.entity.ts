import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Tenant } from '../database/tenant.entity';
import { OrgUnit } from '../org/org-unit.entity';
import { Position } from './position.entity';
import type { EmploymentType } from '@dx/contract';

/** A person. Never deleted by an import: leaving sets `leftOn`, and history stays. */
@Entity('staff')
@Unique('uq_staff_employee_no', ['tenantId', 'employeeNo'])
@Index('ix_staff_email', ['tenantId', 'email'])
@Index('ix_staff_email_lower', { synchronize: false })
export class Staff {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'employee_no', type: 'varchar', length: 20 })
  employeeNo: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'name_kana', type: 'text' })
  nameKana: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ name: 'employment_type', type: 'varchar', length: 20 })
  employmentType: EmploymentType;

  @Column({ name: 'hired_on', type: 'date' })
  hiredOn: string;

  @Column({ name: 'promoted_on', type: 'date' })
  promotedOn: string;

  /** The last day as staff, or null while employed. */
  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Relation<Tenant>;
}

/** Where a person was and in which position over [validFrom, validTo): the answer to "where was X on D". */
@Entity('staff_assignment')
@Index('ix_staff_assignment_staff', ['staffId', 'validFrom'], { unique: true })
@Index('ix_staff_assignment_unit', ['tenantId', 'unitId', 'validFrom'])
@Index('ix_staff_assignment_open', ['tenantId', 'unitId'], { where: '"valid_to" IS NULL' })
export class StaffAssignment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'staff_id', type: 'int' })
  staffId: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Column({ name: 'position_id', type: 'int' })
  positionId: number;

  @Column({ name: 'employment_type', type: 'varchar', length: 20 })
  employmentType: EmploymentType;

  /** 発令日 as the personnel system sent it. */
  @Column({ name: 'assigned_on', type: 'date' })
  assignedOn: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: string | null;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Relation<Tenant>;

  @ManyToOne(() => Staff)
  @JoinColumn({ name: 'staff_id' })
  staff?: Relation<Staff>;

  @ManyToOne(() => OrgUnit)
  @JoinColumn({ name: 'unit_id' })
  unit?: Relation<OrgUnit>;

  @ManyToOne(() => Position)
  @JoinColumn({ name: 'position_id' })
  position?: Relation<Position>;
}
