import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { OutsideActivityService } from '../../integrations/outside-activity.service';
import { Cmi5Tracker } from '../cmi5-tracker';
import type { XapiClient } from '../xapi-clients.service';
import { XapiError } from '../xapi-error';
import type { MimePart } from './multipart-mixed';
import { checkSignature, SIGNATURE_USAGE } from './signed-statement';
import { sameStatement, type StatementRecord, toRecord } from './statement-record';
import { isObject, validateStatement, VOIDED_VERB } from './statement-validation';
import { StatementsRepository } from './statements.repository';

type Json = Record<string, unknown>;

/** An attachment's bytes as a statement request carried them. */
export interface AttachmentPart {
  sha2: string;
  contentType: string;
  content: Buffer;
}

const HASHES: Record<number, string> = { 64: 'sha256', 96: 'sha384', 128: 'sha512', 56: 'sha224' };

/** Reads the attachment parts of a multipart/mixed statement request: each names its SHA-2, which must be right. */
export function attachmentParts(parts: MimePart[]): AttachmentPart[] {
  return parts.map((part, i) => {
    const sha2 = part.headers['x-experience-api-hash']?.toLowerCase();
    if (!sha2) throw new XapiError(400, `添付 ${i + 1} に X-Experience-API-Hash ヘッダーがありません。`);
    const encoding = part.headers['content-transfer-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'binary')
      throw new XapiError(400, `添付 ${i + 1} の Content-Transfer-Encoding は binary にしてください。`);
    const algorithm = HASHES[sha2.length];
    if (!algorithm || createHash(algorithm).update(part.body).digest('hex') !== sha2)
      throw new XapiError(400, `添付 ${i + 1} の内容が X-Experience-API-Hash と一致しません。`);
    return {
      sha2,
      contentType: part.headers['content-type'] ?? 'application/octet-stream',
      content: part.body,
    };
  });
}

/**
 * Stores statements: all of a request or none (one transaction), ids idempotent (the same statement again is
 * accepted, another one under a stored id is 409), voiding applied, attachments kept by their SHA-2, and completions
 * applied to assignments through the outside-completions core in the same transaction.
 */
@Injectable()
export class StatementsService {
  private readonly homePage: string;

  constructor(
    private readonly repository: StatementsRepository,
    private readonly outside: OutsideActivityService,
    private readonly cmi5: Cmi5Tracker,
    config: AppConfig,
  ) {
    this.homePage = config.PUBLIC_URL;
  }

  async store(client: XapiClient, inputs: unknown[], parts: AttachmentPart[]): Promise<string[]> {
    if (inputs.length === 0) throw new XapiError(400, 'Statement がありません。');
    inputs.forEach((s, i) => validateStatement(s, inputs.length === 1 ? 'statement' : `statements[${i}]`));
    const stored = new Date().toISOString();
    const records = (inputs as Json[]).map((s) => toRecord(s, client, stored, this.homePage));
    const ids = new Set<string>();
    for (const r of records) {
      if (ids.has(r.id))
        throw new XapiError(400, `同じ id の Statement が1つのリクエストに2つあります（${r.id}）。`);
      ids.add(r.id);
    }
    const attachments = this.checkAttachments(records, parts);
    const launch = client.launch;
    if (launch) this.cmi5.checkScope(launch, records);
    await this.repository.transaction(async (manager) => {
      const inserted = await this.insert(manager, client, stored, records);
      const notInserted = records.filter((r) => !inserted.has(r.id));
      if (notInserted.length > 0) await this.checkSame(manager, client.tenantId, notInserted);
      const fresh = records.filter((r) => inserted.has(r.id));
      await this.applyVoiding(manager, client.tenantId, fresh);
      if (attachments.length > 0)
        await this.repository.insertAttachments(manager, client.tenantId, attachments);
      if (launch) {
        // A cmi5 AU's statements: the cmi5 rules, moveOn and the module's completion (not the outside completions).
        const lms = await this.cmi5.apply(manager, client.tenantId, launch, fresh);
        if (lms.length > 0) await this.storeAsLms(manager, client.tenantId, lms);
        return;
      }
      const completions = fresh.flatMap((r) => (r.completion ? [r.completion] : []));
      if (completions.length > 0) {
        await this.outside.applyOutsideActivities(manager, client.tenantId, completions, {
          dryRun: false,
          rematchPending: false,
        });
      }
    });
    return records.map((r) => r.id);
  }

  /**
   * Statements the LMS itself makes (cmi5 launched / satisfied), in the caller's transaction; the authority is the
   * LMS. Validated like any other.
   */
  async storeAsLms(manager: EntityManager, tenantId: number, statements: Json[]): Promise<void> {
    statements.forEach((s, i) => validateStatement(s, `statements[${i}]`));
    const stored = new Date().toISOString();
    const lms: XapiClient = { tenantId, clientId: null, key: 'lms', name: '職員DX研修システム' };
    const records = statements.map((s) => toRecord(s, lms, stored, this.homePage));
    await this.insert(manager, lms, stored, records);
  }

  /** Every attachment without a fileUrl needs its part; every part must belong to an attachment; signatures hold. */
  private checkAttachments(records: StatementRecord[], parts: AttachmentPart[]): AttachmentPart[] {
    const byHash = new Map(parts.map((p) => [p.sha2, p]));
    const used = new Set<string>();
    for (const record of records) {
      const list = record.statement['attachments'];
      if (!Array.isArray(list)) continue;
      for (const a of list as Json[]) {
        const sha2 = String(a['sha2']).toLowerCase();
        const part = byHash.get(sha2);
        if (part) used.add(sha2);
        else if (a['fileUrl'] === undefined)
          throw new XapiError(
            400,
            `添付（sha2 ${sha2}）の内容がリクエストにありません（fileUrl もありません）。`,
          );
        if (a['usageType'] === SIGNATURE_USAGE) {
          if (a['contentType'] !== 'application/octet-stream')
            throw new XapiError(400, '署名の添付の contentType は application/octet-stream にしてください。');
          if (!part) throw new XapiError(400, '署名の添付の内容がリクエストにありません。');
          checkSignature({ ...record.input, id: record.id }, part.content);
        }
      }
    }
    for (const p of parts) {
      if (!used.has(p.sha2))
        throw new XapiError(400, `どの Statement の添付でもない内容があります（${p.sha2}）。`);
    }
    return parts;
  }

  /** Inserts what is new; the ids that were already there come back as not inserted (no error, no wait for a lock). */
  private insert(
    manager: EntityManager,
    client: XapiClient,
    stored: string,
    records: StatementRecord[],
  ): Promise<Set<string>> {
    return this.repository.insertStatements(manager, client.tenantId, client.clientId, stored, records);
  }

  private async checkSame(
    manager: EntityManager,
    tenantId: number,
    records: StatementRecord[],
  ): Promise<void> {
    const existing = await this.repository.findStoredForComparison(
      manager,
      tenantId,
      records.map((r) => r.id),
      records.map((r) => r.contentHash),
    );
    const found = new Map(existing.map((e) => [e.id, e]));
    for (const r of records) {
      const stored = found.get(r.id);
      const same =
        stored !== undefined &&
        (stored.content_hash === r.contentHash ||
          (stored.statement !== null && sameStatement(stored.statement, r.input)));
      if (!same)
        throw new XapiError(
          409,
          `id ${r.id} の Statement は別の内容で保存済みです（Statement は変更できません）。`,
        );
    }
  }

  /** A voiding statement hides its target from queries; a voiding statement itself cannot be voided. */
  private async applyVoiding(
    manager: EntityManager,
    tenantId: number,
    records: StatementRecord[],
  ): Promise<void> {
    const targets = records.flatMap((r) => (r.voidingTarget ? [r.voidingTarget] : []));
    if (targets.length === 0) return;
    const voiding = await this.repository.findIdsWithVerb(manager, tenantId, targets, VOIDED_VERB);
    if (voiding.length > 0)
      throw new XapiError(400, `取り消しの Statement（${voiding[0].id}）は取り消せません。`);
    await this.repository.markVoided(manager, tenantId, targets);
  }

  /** The stored attachments a set of statements names, by SHA-2. */
  async attachmentsOf(tenantId: number, statements: Json[]): Promise<AttachmentPart[]> {
    const hashes = new Set<string>();
    const collect = (s: Json) => {
      if (Array.isArray(s['attachments']))
        for (const a of s['attachments']) if (isObject(a)) hashes.add(String(a['sha2']).toLowerCase());
      if (isObject(s['object']) && s['object']['objectType'] === 'SubStatement') collect(s['object']);
    };
    statements.forEach(collect);
    if (hashes.size === 0) return [];
    return this.repository.findAttachments(tenantId, [...hashes]);
  }
}
