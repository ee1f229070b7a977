import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The three document resources of xAPI 1.0.3 share one table, told apart by `kind`. */
export type XapiDocumentKind = 'state' | 'activity_profile' | 'agent_profile';

/**
 * One document of the state, activity-profile or agent-profile resource, kept as the bytes and content type it was
 * sent with. Activity IRIs, agent identifiers and document ids can each be long, more than a B-tree entry holds
 * together, so the row is keyed by a SHA-256 of what names it (`doc_key`: kind, activity, agent, registration,
 * document id) and listed by a SHA-256 of its scope (`scope_key`: kind, activity, agent); the readable columns are
 * kept beside them.
 */
@Entity('xapi_document')
@Index('ix_xapi_document_scope', ['tenantId', 'scopeKey', 'updatedAt'])
export class XapiDocument {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'PK_xapi_document' })
  tenantId: number;

  @PrimaryColumn({ name: 'doc_key', type: 'bytea', primaryKeyConstraintName: 'PK_xapi_document' })
  docKey: Buffer;

  @Column({ name: 'scope_key', type: 'bytea' })
  scopeKey: Buffer;

  @Column({ type: 'varchar', length: 16 })
  kind: XapiDocumentKind;

  @Column({ name: 'activity_id', type: 'text', nullable: true })
  activityId: string | null;

  @Column({ name: 'agent_key', type: 'text', nullable: true })
  agentKey: string | null;

  @Column({ type: 'uuid', nullable: true })
  registration: string | null;

  @Column({ name: 'document_id', type: 'text' })
  documentId: string;

  @Column({ type: 'bytea' })
  content: Buffer;

  @Column({ name: 'content_type', type: 'text' })
  contentType: string;

  /** SHA-1 of the content in hexadecimal, sent quoted as the ETag. */
  @Column({ type: 'varchar', length: 40 })
  etag: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
