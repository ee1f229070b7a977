import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The LRS's tables (migration 1795000000070). The services read and write them with SQL (set-based inserts of whole
 * statement batches); these entities keep the schema builder's drift check and the migrations in agreement. The GIN
 * and partial indexes are the migration's own (the schema builder cannot express them: synchronize false).
 */
@Entity('xapi_client')
@Index('ux_xapi_client_key', ['key'], { unique: true })
@Index('ix_xapi_client_tenant', ['tenantId', 'id'])
export class XapiClientRow {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'xapi_client_pkey' })
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  /** The Basic user name; unique across tenants, since it is what finds the tenant. */
  @Column({ type: 'varchar', length: 64 })
  key: string;

  @Column({ name: 'secret_hash', type: 'bytea' })
  secretHash: Buffer;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 100, nullable: true })
  createdBy: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

@Entity('xapi_statement')
@Index('ix_xapi_statement_seq', ['tenantId', 'seq'])
@Index('ix_xapi_statement_stored', ['tenantId', 'stored', 'seq'])
@Index('ix_xapi_statement_verb', ['tenantId', 'verbId', 'stored', 'seq'])
@Index('ix_xapi_statement_activity', ['tenantId', 'activityId', 'stored', 'seq'])
@Index('ix_xapi_statement_registration', { synchronize: false })
@Index('ix_xapi_statement_ref', { synchronize: false })
@Index('ix_xapi_statement_related_activities', { synchronize: false })
@Index('ix_xapi_statement_related_agents', { synchronize: false })
export class XapiStatementRow {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'xapi_statement_pkey' })
  tenantId: number;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'xapi_statement_pkey' })
  id: string;

  /** Storage order: ties of `stored` in the query order, and the newest a `more` cursor reaches. */
  @Column({ type: 'bigint', generated: 'increment' })
  seq: number;

  @Column({ type: 'jsonb' })
  statement: Record<string, unknown>;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ type: 'timestamptz' })
  stored: Date;

  @Column({ name: 'verb_id', type: 'text' })
  verbId: string;

  @Column({ name: 'activity_id', type: 'text', nullable: true })
  activityId: string | null;

  @Column({ name: 'actor_ids', type: 'text', array: true })
  actorIds: string[];

  @Column({ name: 'object_agent_ids', type: 'text', array: true, default: () => "'{}'" })
  objectAgentIds: string[];

  @Column({ type: 'uuid', nullable: true })
  registration: string | null;

  @Column({ name: 'related_activities', type: 'text', array: true, default: () => "'{}'" })
  relatedActivities: string[];

  @Column({ name: 'related_agents', type: 'text', array: true, default: () => "'{}'" })
  relatedAgents: string[];

  @Column({ name: 'voiding_target', type: 'uuid', nullable: true })
  voidingTarget: string | null;

  @Column({ name: 'ref_target', type: 'uuid', nullable: true })
  refTarget: string | null;

  @Column({ type: 'boolean', default: false })
  voided: boolean;

  @Column({ name: 'client_id', type: 'int', nullable: true })
  clientId: number | null;
}

@Entity('xapi_attachment')
export class XapiAttachmentRow {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'xapi_attachment_pkey' })
  tenantId: number;

  @PrimaryColumn({ type: 'varchar', length: 128, primaryKeyConstraintName: 'xapi_attachment_pkey' })
  sha2: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType: string;

  @Column({ type: 'bytea' })
  content: Buffer;
}
