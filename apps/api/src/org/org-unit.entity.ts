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
import { Tenant } from '../database/tenant.entity';
import type { OrgUnitKind } from '@dx/contract';

/** The stable identity of a unit: its code. What it is called and where it hangs lives in versions. */
@Entity('org_unit')
@Unique('uq_org_unit_code', ['tenantId', 'code'])
export class OrgUnit {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 20 })
  code: string;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Relation<Tenant>;
}

/**
 * One period of a unit's life, valid over [validFrom, validTo). `path` is the chain of codes from the
 * 部局 down ('/010000/010100/'), so "everything under X on date D" is one indexed prefix scan.
 */
@Entity('org_unit_version')
@Index('ix_org_unit_version_path', ['tenantId', 'path'])
@Index('ix_org_unit_version_unit', ['unitId', 'validFrom'], { unique: true })
export class OrgUnitVersion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 4 })
  kind: OrgUnitKind;

  @Column({ name: 'parent_unit_id', type: 'int', nullable: true })
  parentUnitId: number | null;

  @Column({ type: 'text', collation: 'C' })
  path: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: string | null;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Relation<Tenant>;

  @ManyToOne(() => OrgUnit)
  @JoinColumn({ name: 'unit_id' })
  unit?: Relation<OrgUnit>;

  @ManyToOne(() => OrgUnit)
  @JoinColumn({ name: 'parent_unit_id' })
  parentUnit?: Relation<OrgUnit> | null;
}
