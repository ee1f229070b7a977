import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
  Unique,
} from 'typeorm';
import { Tenant } from '../database/tenant.entity';
import { Staff } from '../staff/staff.entity';
import type { Role } from '@dx/contract';

@Entity('app_user')
@Unique('uq_app_user_login', ['tenantId', 'loginId'])
export class AppUser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  /** A staff member's login id is their 職員番号. */
  @Column({ name: 'login_id', type: 'varchar', length: 50 })
  loginId: string;

  @Column({ name: 'staff_id', type: 'int', nullable: true, unique: true })
  staffId: number | null;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  /** argon2id; null until a password is set. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null;

  /** Stored roles. `learner` is implied for staff and `manager` is derived from the roster. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: Role[];

  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  @Column({ name: 'failed_login_count', type: 'int', default: 0 })
  failedLoginCount: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** Bumped to revoke every token issued before (password set by an administrator, logout everywhere). */
  @Column({ name: 'session_version', type: 'int', default: 0 })
  sessionVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Relation<Tenant>;

  @ManyToOne(() => Staff)
  @JoinColumn({ name: 'staff_id' })
  staff?: Relation<Staff> | null;
}
