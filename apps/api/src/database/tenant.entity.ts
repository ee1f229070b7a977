import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A local government using the shared deployment (共同利用). Every tenant-owned row carries its id. */
@Entity('tenant')
export class Tenant {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 50, unique: true })
  code: string;

  @Column({ type: 'text' })
  name: string;

  /** The platform operator's own tenant: it holds the operator's account and no people. */
  @Column({ name: 'is_platform', type: 'boolean', default: false })
  isPlatform: boolean;

  /** Switched off by the platform operator: its logins and sessions are refused; nothing is deleted. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** The 修了証's issuer line (HR sets it); null: the display name. */
  @Column({ name: 'issuer_line', type: 'text', nullable: true })
  issuerLine: string | null;

  /** The tenant's logo (PNG or JPEG), shown on its login page. */
  @Column({ type: 'bytea', nullable: true, select: false })
  logo: Buffer | null;

  @Column({ name: 'logo_type', type: 'varchar', length: 20, nullable: true })
  logoType: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
