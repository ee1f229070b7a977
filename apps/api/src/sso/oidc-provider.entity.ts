import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A tenant's OpenID Connect identity provider (one per tenant). The client secret is only ever stored sealed
 * (AES-256-GCM). Read and written with SQL by OidcProviderRepository; the entity keeps the schema check (migrations
 * agree with the entities) honest.
 */
@Entity('oidc_provider')
export class OidcProvider {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'pk_oidc_provider' })
  tenantId: number;

  @Column({ type: 'varchar', length: 500 })
  issuer: string;

  @Column({ name: 'client_id', type: 'varchar', length: 200 })
  clientId: string;

  @Column({ name: 'secret_ciphertext', type: 'text' })
  secretCiphertext: string;

  @Column({ type: 'varchar', length: 100, default: 'preferred_username' })
  claim: string;

  @Column({ name: 'password_login_for_staff', type: 'boolean', default: true })
  passwordLoginForStaff: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
