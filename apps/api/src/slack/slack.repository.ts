import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { NotificationChannel, NotificationDeliveryView } from '@dx/contract';

/** A stored webhook (its URL still sealed); `orgUnitCode` '' is the tenant's default channel. */
export interface StoredWebhook {
  orgUnitCode: string;
  urlCiphertext: string;
  host: string;
  updatedAt: Date;
}

export interface StoredDelivery {
  id: number;
  tenantId: number;
  kind: string;
  channel: NotificationChannel;
  target: string;
  payload: { text: string; subject?: string };
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
}

/** The `slack_webhook` and `notification_delivery` tables (within the caller's tenant scope). */
@Injectable()
export class SlackRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async webhooks(tenantId: number): Promise<StoredWebhook[]> {
    return this.dataSource.query(
      `SELECT org_unit_code AS "orgUnitCode", url_ciphertext AS "urlCiphertext", host, updated_at AS "updatedAt"
         FROM slack_webhook WHERE tenant_id = $1 ORDER BY org_unit_code`,
      [tenantId],
    );
  }

  async webhook(tenantId: number, orgUnitCode: string): Promise<StoredWebhook | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT org_unit_code AS "orgUnitCode", url_ciphertext AS "urlCiphertext", host, updated_at AS "updatedAt"
         FROM slack_webhook WHERE tenant_id = $1 AND org_unit_code = $2`,
      [tenantId, orgUnitCode],
    );
    return row;
  }

  async saveWebhook(
    tenantId: number,
    orgUnitCode: string,
    urlCiphertext: string,
    host: string,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO slack_webhook (tenant_id, org_unit_code, url_ciphertext, host) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, org_unit_code) DO UPDATE
         SET url_ciphertext = excluded.url_ciphertext, host = excluded.host, updated_at = now()`,
      [tenantId, orgUnitCode, urlCiphertext, host],
    );
  }

  /** True when there was one to remove. */
  async removeWebhook(tenantId: number, orgUnitCode: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      `DELETE FROM slack_webhook WHERE tenant_id = $1 AND org_unit_code = $2`,
      [tenantId, orgUnitCode],
    );
    return count > 0;
  }

  /** The 所属 among the given codes that exist in the tenant (a channel is set only for a known unit). */
  async unitExists(tenantId: number, code: string): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT 1 FROM org_unit WHERE tenant_id = $1 AND code = $2`, [
      tenantId,
      code,
    ]);
    return Boolean(row);
  }

  async createDelivery(
    tenantId: number,
    values: { kind: string; channel: NotificationChannel; target: string; payload: object },
  ): Promise<number> {
    const [row] = await this.dataSource.query(
      `INSERT INTO notification_delivery (tenant_id, kind, channel, target, payload) VALUES ($1, $2, $3, $4, $5)
       RETURNING id`,
      [tenantId, values.kind, values.channel, values.target, JSON.stringify(values.payload)],
    );
    return row.id;
  }

  /** A delivery made at once (an e-mail sent in the request), recorded with its outcome. */
  async recordDelivery(
    tenantId: number,
    values: { kind: string; channel: NotificationChannel; target: string; payload: object; error?: string },
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_delivery (tenant_id, kind, channel, target, payload, status, attempts, last_error, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6, 1, $7, CASE WHEN $7::text IS NULL THEN $8::timestamptz END)`,
      [
        tenantId,
        values.kind,
        values.channel,
        values.target,
        JSON.stringify(values.payload),
        values.error ? 'failed' : 'sent',
        values.error ?? null,
        // The time is a parameter: Citus refuses now() (volatile) inside a CASE.
        new Date(),
      ],
    );
  }

  async delivery(tenantId: number, id: number): Promise<StoredDelivery | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT id, tenant_id AS "tenantId", kind, channel, target, payload, status, attempts
         FROM notification_delivery WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return row;
  }

  async markSent(tenantId: number, id: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_delivery SET status = 'sent', attempts = attempts + 1, sent_at = now(), updated_at = now()
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
  }

  /** A try that failed: still pending (to be tried again) or failed for good. */
  async markAttempt(tenantId: number, id: number, error: string, final: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_delivery SET attempts = attempts + 1, last_error = $3, updated_at = now(),
              status = CASE WHEN $4 THEN 'failed' ELSE status END
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, error.slice(0, 1000), final],
    );
  }

  async failedDeliveries(tenantId: number, limit: number): Promise<NotificationDeliveryView[]> {
    return this.dataSource.query(
      `SELECT id, kind, channel, target, status, attempts, last_error AS "lastError",
              created_at AS "createdAt", updated_at AS "updatedAt"
         FROM notification_delivery WHERE tenant_id = $1 AND status = 'failed'
        ORDER BY updated_at DESC, id DESC LIMIT $2`,
      [tenantId, limit],
    );
  }

  /** The units' names on the date, by code (codes that name no unit that day are left out). */
  findUnitNames(tenantId: number, codes: string[], date: string): Promise<{ code: string; name: string }[]> {
    return this.dataSource.query(
      `SELECT u.code, v.name FROM org_unit u JOIN org_unit_version v ON v.tenant_id = u.tenant_id AND v.unit_id = u.id
        WHERE u.tenant_id = $1 AND u.code = ANY($2) AND v.valid_from <= $3 AND (v.valid_to IS NULL OR v.valid_to > $3)`,
      [tenantId, codes, date],
    );
  }
}
