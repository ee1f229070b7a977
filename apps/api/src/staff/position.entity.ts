import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';
import { Tenant } from '../database/tenant.entity';

/** A 職位 of one tenant. Names and levels are data, not code: every government names them differently. */
@Entity('position')
@Unique('uq_position_name', ['tenantId', 'name'])
export class Position {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'smallint' })
  level: number;

  @Column({ name: 'sort_order', type: 'smallint', default: 0 })
  sortOrder: number;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Relation<Tenant>;
}
