import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UdemySyncResult } from '@dx/contract';

/**
 * A tenant's connection to the Udemy Business Reporting API (one per tenant). The client secret is only ever stored
 * sealed (AES-256-GCM, see secret-box.ts). Read and written with SQL by UdemyConnectionRepository; the entity keeps
 * the schema check (migrations agree with the entities) honest.
 */
@Entity('udemy_business_connection')
export class UdemyBusinessConnection {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'pk_udemy_business_connection' })
  tenantId: number;

  @Column({ name: 'base_url', type: 'varchar', length: 500 })
  baseUrl: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 100 })
  organizationId: string;

  @Column({ name: 'client_id', type: 'varchar', length: 200 })
  clientId: string;

  @Column({ name: 'secret_ciphertext', type: 'text' })
  secretCiphertext: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ name: 'last_sync_at', type: 'timestamptz', nullable: true })
  lastSyncAt: Date | null;

  @Column({ name: 'last_success_started_at', type: 'timestamptz', nullable: true })
  lastSuccessStartedAt: Date | null;

  @Column({ name: 'last_result', type: 'jsonb', nullable: true })
  lastResult: UdemySyncResult | null;
}
