import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A DX plan target for a fiscal year (現状値 → 目標値), edited by HR. */
@Entity('kpi_target')
@Unique('uq_kpi_target', ['tenantId', 'fiscalYear', 'key'])
export class KpiTargetRow {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'fiscal_year', type: 'smallint' })
  fiscalYear: number;

  @Column({ type: 'varchar', length: 40 })
  key: string;

  @Column({ type: 'numeric', nullable: true })
  baseline: string | null;

  @Column({ type: 'numeric', nullable: true })
  target: string | null;
}
