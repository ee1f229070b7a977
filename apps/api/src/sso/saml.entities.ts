import { Column, Entity, PrimaryColumn } from 'typeorm';

/*
 * The SAML tables, read and written with SQL by SamlRepository; the entities keep the schema check (migrations agree
 * with the entities) honest.
 */

/** A tenant's SAML 2.0 identity provider (one per tenant). */
@Entity('saml_provider')
export class SamlProvider {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'pk_saml_provider' })
  tenantId: number;

  @Column({ name: 'entry_point', type: 'varchar', length: 500 })
  entryPoint: string;

  @Column({ name: 'idp_certificate', type: 'text' })
  idpCertificate: string;

  @Column({ type: 'varchar', length: 200, default: 'employeeNumber' })
  attribute: string;

  @Column({ name: 'password_login_for_staff', type: 'boolean', default: true })
  passwordLoginForStaff: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** An authentication request sent to the provider, until its answer arrives (or it is too old). */
@Entity('saml_request')
export class SamlRequest {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'pk_saml_request' })
  tenantId: number;

  @PrimaryColumn({
    name: 'request_id',
    type: 'varchar',
    length: 100,
    primaryKeyConstraintName: 'pk_saml_request',
  })
  requestId: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/** An assertion already used to sign in, kept until it would have expired. */
@Entity('saml_assertion_seen')
export class SamlAssertionSeen {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'pk_saml_assertion_seen' })
  tenantId: number;

  @PrimaryColumn({
    name: 'assertion_id',
    type: 'varchar',
    length: 200,
    primaryKeyConstraintName: 'pk_saml_assertion_seen',
  })
  assertionId: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
