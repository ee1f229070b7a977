import {
  Check,
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
import { Tenant } from '../database/tenant.entity';

/**
 * A tenant as the issuer of its DX推進スペシャリスト credentials (migration 1795000000180): the certification period HR
 * sets, the Ed25519 key pair made on first need (the private key only sealed, never returned or logged), and the
 * next free bit of the revocation status list. Read and written with SQL by CredentialsRepository.
 */
@Entity('credential_issuer')
@Check('ck_credential_issuer_years', `"validity_years" BETWEEN 1 AND 10`)
export class CredentialIssuer {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'pk_credential_issuer' })
  tenantId: number;

  @Column({ name: 'validity_years', type: 'smallint', default: 3 })
  validityYears: number;

  @Column({ name: 'public_jwk', type: 'jsonb', nullable: true })
  publicJwk: Record<string, string> | null;

  @Column({ name: 'private_key_sealed', type: 'text', nullable: true })
  privateKeySealed: string | null;

  @Column({ name: 'key_created_at', type: 'timestamptz', nullable: true })
  keyCreatedAt: Date | null;

  @Column({ name: 'next_status_index', type: 'int', default: 0 })
  nextStatusIndex: number;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_credential_issuer_tenant' })
  tenant?: Relation<Tenant>;
}

/** One completed DX推進スペシャリスト programme (one cohort membership): 認定 for a period, revocable with a reason. */
@Entity('specialist_certification')
@Unique('uq_specialist_certification_member', ['tenantId', 'cohortId', 'staffId'])
@Unique('uq_specialist_certification_status', ['tenantId', 'statusIndex'])
@Unique('uq_specialist_certification_credential', ['tenantId', 'credentialUuid'])
@Index('ix_specialist_certification_staff', ['tenantId', 'staffId'])
export class SpecialistCertification {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'pk_specialist_certification' })
  tenantId: number;

  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_specialist_certification' })
  id: number;

  @Column({ name: 'staff_id', type: 'int' })
  staffId: number;

  @Column({ name: 'cohort_id', type: 'int' })
  cohortId: number;

  @Column({ name: 'certified_on', type: 'date' })
  certifiedOn: string;

  @Column({ name: 'valid_until', type: 'date' })
  validUntil: string;

  @Column({ name: 'credential_uuid', type: 'uuid' })
  credentialUuid: string;

  @Column({ name: 'subject_uuid', type: 'uuid' })
  subjectUuid: string;

  @Column({ name: 'status_index', type: 'int' })
  statusIndex: number;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason: string | null;

  @Column({ name: 'revoked_by', type: 'int', nullable: true })
  revokedBy: number | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @ManyToOne(() => Tenant)
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'fk_specialist_certification_tenant' })
  tenant?: Relation<Tenant>;
}
