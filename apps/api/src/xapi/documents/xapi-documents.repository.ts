import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { XapiDocumentKind } from './xapi-document.entity';

/** Where a set of documents lives: one activity (state, activity profile) and/or one agent (state, agent profile). */
export interface XapiDocumentScope {
  kind: XapiDocumentKind;
  activityId: string | null;
  agentKey: string | null;
}

/** One document: its scope, the registration (state only) and its id (stateId or profileId). */
export interface XapiDocumentAddress extends XapiDocumentScope {
  registration: string | null;
  documentId: string;
}

export interface StoredXapiDocument {
  content: Buffer;
  contentType: string;
  etag: string;
  updatedAt: Date;
}

function sha256(parts: readonly (string | null)[]): Buffer {
  return createHash('sha256').update(JSON.stringify(parts), 'utf8').digest();
}

export function scopeKey(scope: XapiDocumentScope): Buffer {
  return sha256([scope.kind, scope.activityId, scope.agentKey]);
}

export function documentKey(address: XapiDocumentAddress): Buffer {
  return sha256([
    address.kind,
    address.activityId,
    address.agentKey,
    address.registration,
    address.documentId,
  ]);
}

interface DocumentRow {
  content: Buffer;
  content_type: string;
  etag: string;
  updated_at: Date;
}

function stored(row: DocumentRow | undefined): StoredXapiDocument | null {
  return row
    ? {
        content: row.content,
        contentType: row.content_type,
        etag: row.etag,
        updatedAt: new Date(row.updated_at),
      }
    : null;
}

/** The SQL of the document resources; every statement is limited to the caller's tenant. */
@Injectable()
export class XapiDocumentsRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async find(
    tenantId: number,
    address: XapiDocumentAddress,
    manager: EntityManager | DataSource = this.db,
    forUpdate = false,
  ): Promise<StoredXapiDocument | null> {
    const rows: DocumentRow[] = await manager.query(
      `SELECT content, content_type, etag, updated_at FROM xapi_document
        WHERE tenant_id = $1 AND doc_key = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [tenantId, documentKey(address)],
    );
    return stored(rows[0]);
  }

  /** Stores a new document; false when another request stored one at the same address first. */
  async insert(
    manager: EntityManager,
    tenantId: number,
    address: XapiDocumentAddress,
    content: Buffer,
    contentType: string,
    etag: string,
  ): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO xapi_document (tenant_id, doc_key, scope_key, kind, activity_id, agent_key, registration,
                                  document_id, content, content_type, etag, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, clock_timestamp())
       ON CONFLICT (tenant_id, doc_key) DO NOTHING RETURNING 1 AS inserted`,
      [
        tenantId,
        documentKey(address),
        scopeKey(address),
        address.kind,
        address.activityId,
        address.agentKey,
        address.registration,
        address.documentId,
        content,
        contentType,
        etag,
      ],
    );
    return rows.length === 1;
  }

  async update(
    manager: EntityManager,
    tenantId: number,
    address: XapiDocumentAddress,
    content: Buffer,
    contentType: string,
    etag: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE xapi_document SET content = $3, content_type = $4, etag = $5, updated_at = clock_timestamp()
        WHERE tenant_id = $1 AND doc_key = $2`,
      [tenantId, documentKey(address), content, contentType, etag],
    );
  }

  async delete(
    manager: EntityManager | DataSource,
    tenantId: number,
    address: XapiDocumentAddress,
  ): Promise<void> {
    await manager.query(`DELETE FROM xapi_document WHERE tenant_id = $1 AND doc_key = $2`, [
      tenantId,
      documentKey(address),
    ]);
  }

  /** The ids of a scope's documents, of one registration when given, stored after `since` when given. */
  async listIds(
    tenantId: number,
    scope: XapiDocumentScope,
    registration: string | null,
    since: Date | null,
  ): Promise<string[]> {
    const rows: { document_id: string }[] = await this.db.query(
      `SELECT document_id FROM xapi_document
        WHERE tenant_id = $1 AND scope_key = $2 AND ($3::uuid IS NULL OR registration = $3::uuid)
          AND ($4::timestamptz IS NULL OR updated_at > $4::timestamptz)
        ORDER BY updated_at, document_id`,
      [tenantId, scopeKey(scope), registration, since],
    );
    return rows.map((r) => r.document_id);
  }

  /** Deletes every document of a scope (of one registration when given). */
  async deleteScope(tenantId: number, scope: XapiDocumentScope, registration: string | null): Promise<void> {
    await this.db.query(
      `DELETE FROM xapi_document
        WHERE tenant_id = $1 AND scope_key = $2 AND ($3::uuid IS NULL OR registration = $3::uuid)`,
      [tenantId, scopeKey(scope), registration],
    );
  }
}
