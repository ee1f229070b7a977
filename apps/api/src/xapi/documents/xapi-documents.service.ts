import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { isJsonContentType, isJsonObject, mergeJsonDocuments } from '@dx/domain';
import { XapiError } from '../xapi-error';
import {
  type StoredXapiDocument,
  type XapiDocumentAddress,
  type XapiDocumentScope,
  XapiDocumentsRepository,
} from './xapi-documents.repository';

/** A document as a request brings it: the bytes and the Content-Type they were sent with. */
export interface IncomingXapiDocument {
  content: Buffer;
  contentType: string;
}

/** The concurrency headers of a write (RFC 7232 as xAPI 1.0.3 Communication 3.1 uses them). */
export interface XapiPreconditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

export function etagOf(content: Buffer): string {
  return createHash('sha1').update(content).digest('hex');
}

/** The entity tags of an If-Match / If-None-Match header: `*`, or a list of (possibly weak) quoted tags. */
function tagsOf(header: string): '*' | string[] {
  const trimmed = header.trim();
  if (trimmed === '*') return '*';
  return trimmed
    .split(',')
    .map((tag) =>
      tag
        .trim()
        .replace(/^W\//, '')
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase(),
    )
    .filter((tag) => tag !== '');
}

/** 412 unless the stored document (or its absence) satisfies the request's If-Match and If-None-Match. */
export function checkPreconditions(current: StoredXapiDocument | null, headers: XapiPreconditions): void {
  if (headers.ifMatch !== undefined) {
    const tags = tagsOf(headers.ifMatch);
    const holds = current !== null && (tags === '*' || tags.includes(current.etag));
    if (!holds)
      throw new XapiError(
        412,
        current === null
          ? 'If-Match が指定されましたが、ドキュメントはまだありません。'
          : 'If-Match の ETag が現在のドキュメントと一致しません（ほかの更新が先に行われました）。',
      );
  }
  if (headers.ifNoneMatch !== undefined) {
    const tags = tagsOf(headers.ifNoneMatch);
    const fails = current !== null && (tags === '*' || tags.includes(current.etag));
    if (fails)
      throw new XapiError(
        412,
        tags === '*'
          ? 'If-None-Match: * が指定されましたが、ドキュメントはすでにあります。'
          : 'If-None-Match の ETag が現在のドキュメントと一致します。',
      );
  }
}

/** Another request created the document between this one's look and its insert. */
class CreatedMeanwhile extends Error {}

/**
 * Runs a write, and once more when another request created the document first: the second run finds it (locked)
 * and answers as if it had come second all along (412 for If-None-Match: *, a merge for POST, 409 for a profile PUT).
 */
async function onceMoreIfCreatedMeanwhile(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!(error instanceof CreatedMeanwhile)) throw error;
    try {
      await write();
    } catch (again) {
      if (!(again instanceof CreatedMeanwhile)) throw again;
      throw new XapiError(
        409,
        '同じドキュメントが同時に更新されています。取得し直してから更新してください。',
      );
    }
  }
}

/** A JSON body must parse (as it was sent, or as the JSON parser already read it). */
function parsedJson(document: IncomingXapiDocument): unknown {
  try {
    return JSON.parse(document.content.toString('utf8'));
  } catch {
    throw new XapiError(400, 'Content-Type が application/json ですが、本文を JSON として読めません。');
  }
}

/**
 * The document resources' rules over the repository: ETag preconditions (412), PUT to an existing profile without
 * either header (409) and to a new one (400, the conformance suite's reading of "MUST use one"), the JSON merge of
 * POST (400 unless both documents are JSON objects), and nothing changed by any refused request (one transaction,
 * the stored row locked while it is checked; a writer that loses the race to create a document runs again and
 * finds it, so simultaneous POSTs all merge and only one If-None-Match: * PUT wins).
 */
@Injectable()
export class XapiDocumentsService {
  constructor(private readonly repository: XapiDocumentsRepository) {}

  get(tenantId: number, address: XapiDocumentAddress): Promise<StoredXapiDocument | null> {
    return this.repository.find(tenantId, address);
  }

  listIds(
    tenantId: number,
    scope: XapiDocumentScope,
    registration: string | null,
    since: Date | null,
  ): Promise<string[]> {
    return this.repository.listIds(tenantId, scope, registration, since);
  }

  /** PUT: stores the document as sent, replacing the stored one. */
  async put(
    tenantId: number,
    address: XapiDocumentAddress,
    document: IncomingXapiDocument,
    headers: XapiPreconditions,
  ): Promise<void> {
    if (isJsonContentType(document.contentType)) parsedJson(document);
    const requiresHeader = address.kind !== 'state';
    await onceMoreIfCreatedMeanwhile(() =>
      this.repository.transaction(async (manager) => {
        const current = await this.repository.find(tenantId, address, manager, true);
        checkPreconditions(current, headers);
        if (requiresHeader && headers.ifMatch === undefined && headers.ifNoneMatch === undefined) {
          throw current
            ? new XapiError(
                409,
                'このプロファイルはすでにあります。上書きするには If-Match（取得した ETag）を、新規作成のみなら If-None-Match: * を指定してください。',
              )
            : new XapiError(
                400,
                'プロファイルの PUT には If-Match または If-None-Match ヘッダーが必要です（新規作成なら If-None-Match: *）。',
              );
        }
        await this.write(manager, tenantId, address, current, document);
      }),
    );
  }

  /** POST: stores a new document as sent, or merges a JSON object into the stored JSON object. */
  async post(
    tenantId: number,
    address: XapiDocumentAddress,
    document: IncomingXapiDocument,
    headers: XapiPreconditions,
  ): Promise<void> {
    const postedIsJson = isJsonContentType(document.contentType);
    const posted = postedIsJson ? parsedJson(document) : undefined;
    await onceMoreIfCreatedMeanwhile(() =>
      this.repository.transaction(async (manager) => {
        const current = await this.repository.find(tenantId, address, manager, true);
        checkPreconditions(current, headers);
        if (current === null) {
          await this.write(manager, tenantId, address, null, document);
          return;
        }
        if (!postedIsJson || !isJsonObject(posted))
          throw new XapiError(
            400,
            '保存済みのドキュメントに POST で統合できるのは JSON オブジェクト（application/json）だけです。',
          );
        let stored: unknown;
        try {
          stored = isJsonContentType(current.contentType)
            ? JSON.parse(current.content.toString('utf8'))
            : undefined;
        } catch {
          stored = undefined;
        }
        if (!isJsonObject(stored))
          throw new XapiError(
            400,
            '保存済みのドキュメントが JSON オブジェクトではないため、POST で統合できません。PUT で置き換えてください。',
          );
        const merged = Buffer.from(JSON.stringify(mergeJsonDocuments(stored, posted)), 'utf8');
        const content = { content: merged, contentType: 'application/json' };
        await this.write(manager, tenantId, address, current, content);
      }),
    );
  }

  /** DELETE of one document (204 also when there was none, unless If-Match asked for one). */
  async delete(tenantId: number, address: XapiDocumentAddress, headers: XapiPreconditions): Promise<void> {
    await this.repository.transaction(async (manager) => {
      const current = await this.repository.find(tenantId, address, manager, true);
      checkPreconditions(current, headers);
      if (current) await this.repository.delete(manager, tenantId, address);
    });
  }

  /** DELETE of every state document of an activity and agent (of one registration when given). */
  deleteAll(tenantId: number, scope: XapiDocumentScope, registration: string | null): Promise<void> {
    return this.repository.deleteScope(tenantId, scope, registration);
  }

  private async write(
    manager: Parameters<Parameters<XapiDocumentsRepository['transaction']>[0]>[0],
    tenantId: number,
    address: XapiDocumentAddress,
    current: StoredXapiDocument | null,
    document: IncomingXapiDocument,
  ): Promise<void> {
    const etag = etagOf(document.content);
    if (current) {
      await this.repository.update(manager, tenantId, address, document.content, document.contentType, etag);
      return;
    }
    const inserted = await this.repository.insert(
      manager,
      tenantId,
      address,
      document.content,
      document.contentType,
      etag,
    );
    if (!inserted) throw new CreatedMeanwhile();
  }
}
